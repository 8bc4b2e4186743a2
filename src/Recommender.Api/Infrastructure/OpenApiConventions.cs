using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// The OpenAPI document's own fields, so that it lints clean with Redocly's recommended rules: what the API is, its
/// licence, and server URLs without a trailing slash (the generator derives them from the request, with one).
/// </summary>
public static class OpenApiConventions
{
    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Recommender API",
                Version = "v1",
                Description = "Decides which message (if any) to send a user next, ingests the events it learns from, and serves the catalog and model it decides with. Errors are ProblemDetails.",
                License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://example.invalid/license") },
            };
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            return Task.CompletedTask;
        });
    }
}
