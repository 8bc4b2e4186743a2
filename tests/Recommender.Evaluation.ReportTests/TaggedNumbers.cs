using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Recommender.Evaluation.ReportTests;

/// <summary>
/// The numbers a report page tags with their JSON pointer (<c>data-json</c>) and exact value (<c>data-value</c>), checked
/// against the JSON file the page was written with: report.html against report.json, monitor.html against monitor.json.
/// </summary>
internal static partial class TaggedNumbers
{
    [GeneratedRegex("data-json=\"(?<pointer>[^\"]+)\" data-value=\"(?<value>[^\"]+)\">(?<shown>[^<]*)<")]
    public static partial Regex Pattern();

    /// <summary>Each tagged number (at least <paramref name="minimum"/>) is the number at its pointer; a dash (null) where the JSON has none.</summary>
    public static void AssertEachIsTheJsonNumber(string html, JsonElement root, int minimum, string jsonName)
    {
        var tagged = Pattern().Matches(html);
        Assert.True(tagged.Count > minimum, $"only {tagged.Count} numbers are tagged");
        foreach (Match m in tagged)
        {
            var pointer = WebUtility.HtmlDecode(m.Groups["pointer"].Value);
            var json = Resolve(root, pointer);
            if (m.Groups["value"].Value == "null")
            {
                Assert.True(json is null || json.Value.ValueKind == JsonValueKind.Null, pointer);
                continue;
            }

            Assert.True(json is not null, $"{pointer} is shown in the html but is not in {jsonName}");
            Assert.Equal(json.Value.GetDouble(), double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The element at an RFC 6901 JSON pointer; null when the pointer leads nowhere.</summary>
    public static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Array)
            {
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(token, out current))
            {
                return null;
            }
        }

        return current;
    }
}
