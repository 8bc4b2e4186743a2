using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Recommender.Api.Auth;

/// <summary>
/// Declares the API-key scheme in the OpenAPI document and requires it on every operation that needs a key, with the
/// answers authentication adds (401, 403 for admin operations, 429): a client generated from the document then
/// knows where the key goes instead of having it added by hand.
/// </summary>
public static class ApiKeyOpenApi
{
    public const string SchemeName = "ApiKey";

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AuthOptions.HeaderName,
                Description = "A client key (Auth:ClientKeys) or an admin key (Auth:AdminKeys); admin operations need an admin key.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var authorize = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().ToList();
            if (authorize.Count == 0)
            {
                return Task.CompletedTask;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            operation.Responses ??= [];
            Add(operation, StatusCodes.Status401Unauthorized, "Missing or unknown API key.");
            if (authorize.Any(a => a.Policy == ApiRoles.Admin))
            {
                Add(operation, StatusCodes.Status403Forbidden, "The key is a client key; this operation needs an admin key.");
            }

            Add(operation, StatusCodes.Status429TooManyRequests, "Too many requests for this key, or too many unknown keys from this address; see Retry-After.");
            return Task.CompletedTask;
        });
    }

    private static void Add(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(key))
        {
            operation.Responses[key] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", null) },
                },
            };
        }
    }
}
