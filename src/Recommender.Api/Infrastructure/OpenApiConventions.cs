using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// The OpenAPI document's own fields, so that it lints clean with Redocly's recommended rules: what the API is, its
/// licence, what each tag is for, and server URLs without a trailing slash (the generator derives them from the
/// request, with one). A property left out of the JSON when null (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>, such as
/// a decision's <c>send_at</c>) is not listed as required: an answer may lack it.
/// </summary>
public static class OpenApiConventions
{
    /// <param name="options">The document's options.</param>
    /// <param name="tagDescriptions">What each tag (a feature's endpoints) is for; the features name them, not this class.</param>
    public static void Configure(OpenApiOptions options, IReadOnlyDictionary<string, string> tagDescriptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tagDescriptions);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Recommender API",
                Version = "v1",
                Description = "Decides which message (if any) to send a user next, ingests the events it learns from, and serves the catalog and model it decides with. Errors are ProblemDetails.",
                // An SPDX reference of the licence (OpenAPI 3.1 "identifier"): the product is not published under an open one.
                License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
            };
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                if (tag.Name is { } name && tagDescriptions.TryGetValue(name, out var description))
                {
                    tag.Description = description;
                }
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (schema.Required is { Count: > 0 } required)
            {
                foreach (var property in context.JsonTypeInfo.Properties)
                {
                    if (property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true) is { } attributes
                        && attributes.OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull))
                    {
                        required.Remove(property.Name);
                    }
                }
            }

            return Task.CompletedTask;
        });
    }
}
