using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Recommender.Evaluation.ReportTests;

/// <summary>report.html agrees with report.json number for number, and stands on its own.</summary>
[Collection(SampleReportCollection.Name)]
public sealed partial class HtmlReportTests(SampleReport report)
{
    [GeneratedRegex("data-json=\"(?<pointer>[^\"]+)\" data-value=\"(?<value>[^\"]+)\">(?<shown>[^<]*)<")]
    private static partial Regex TaggedNumber();

    [Fact]
    public void Every_number_in_the_html_is_the_number_at_its_json_pointer()
    {
        var tagged = TaggedNumber().Matches(report.Html);

        Assert.True(tagged.Count > 300, $"only {tagged.Count} numbers are tagged");
        foreach (Match m in tagged)
        {
            var pointer = WebUtility.HtmlDecode(m.Groups["pointer"].Value);
            var json = Resolve(report.Json.RootElement, pointer);
            if (m.Groups["value"].Value == "null")
            {
                Assert.True(json is null || json.Value.ValueKind == JsonValueKind.Null, pointer);
                continue;
            }

            Assert.True(json is not null, $"{pointer} is shown in the html but is not in report.json");
            Assert.Equal(json.Value.GetDouble(), double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_shown_text_is_the_tagged_value_rounded()
    {
        foreach (Match m in TaggedNumber().Matches(report.Html))
        {
            var shown = m.Groups["shown"].Value.Replace(",", "", StringComparison.Ordinal).TrimEnd('%');
            if (m.Groups["value"].Value == "null" || !double.TryParse(shown, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            var exact = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            var scale = m.Groups["shown"].Value.EndsWith('%') ? 100 : 1;
            Assert.True(Math.Abs(exact * scale - number) <= Math.Max(0.5 * Math.Abs(exact * scale) * 1e-3, 0.51), $"{m.Value}");
        }
    }

    [Fact]
    public void Every_estimate_model_metric_and_rule_count_of_the_json_is_shown()
    {
        var pointers = TaggedNumber().Matches(report.Html).Select(m => WebUtility.HtmlDecode(m.Groups["pointer"].Value)).ToHashSet();
        var ope = report.Json.RootElement.GetProperty("ope").GetArrayLength();

        for (var i = 0; i < ope; i++)
        {
            Assert.Contains($"/ope/{i}/value", pointers);
            Assert.Contains($"/ope/{i}/ci_low", pointers);
            Assert.Contains($"/ope/{i}/ci_high", pointers);
            Assert.Contains($"/ope/{i}/ess", pointers);
        }

        foreach (var model in new[] { "propensity", "fatigue" })
        {
            foreach (var metric in new[] { "rows", "positives", "auc", "pr_auc", "log_loss", "brier", "ece" })
            {
                Assert.Contains($"/models/{model}/{metric}", pointers);
            }
        }

        foreach (var rule in report.Json.RootElement.GetProperty("suppression_analysis")[0].GetProperty("by_rule").EnumerateObject())
        {
            Assert.Contains($"/suppression_analysis/0/by_rule/{rule.Name}", pointers);
        }
    }

    [Fact]
    public void The_page_has_every_section_and_chart_and_loads_nothing_from_outside()
    {
        foreach (var id in new[] { "model-quality", "policy-value", "suppressions", "champion-challenger", "reproducibility" })
        {
            Assert.Contains($"<section id=\"{id}\">", report.Html);
        }

        Assert.True(Regex.Matches(report.Html, "<figure class=\"chart\"").Count >= 11);
        Assert.DoesNotContain("<script", report.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", report.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", report.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("url\\((?!#)", report.Html);
        var ids = Regex.Matches(report.Html, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.DoesNotContain("<?xml", report.Html, StringComparison.Ordinal);
    }

    /// <summary>RFC 6901 JSON pointer; null when a step is missing.</summary>
    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Array)
            {
                var index = int.Parse(token, CultureInfo.InvariantCulture);
                if (index >= current.GetArrayLength())
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
