using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// The HTTP JSON convention: the product's (snake_case names and enums, unknown fields refused, strict numbers),
/// so an event in the API has the same fields as a row of the events table.
/// </summary>
internal static class ApiJson
{
    /// <summary>
    /// ASP.NET Core's own default for HTTP JSON, named here because <c>DecisionDocument</c> writes decisions with its own
    /// writer and must escape text exactly as the serialiser does (non-ASCII letters as they are, HTML characters too).
    /// </summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <param name="options">The host's HTTP JSON options.</param>
    /// <param name="generated">Source-generated metadata of the hot endpoints' types, asked before reflection.</param>
    public static void Configure(JsonOptions options, params IJsonTypeInfoResolver[] generated)
    {
        var s = options.SerializerOptions;
        s.Encoder = Encoder;
        s.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        s.DictionaryKeyPolicy = null;
        s.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        s.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        s.NumberHandling = JsonNumberHandling.Strict;
        // A key given twice is ambiguous (which one did the caller mean?); the serialiser would keep the last one.
        s.AllowDuplicateProperties = false;
        s.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        for (var i = 0; i < generated.Length; i++)
        {
            s.TypeInfoResolverChain.Insert(i, generated[i]);
        }
    }
}
