using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Recommender.Evaluation.ReportTests;

/// <summary>report.html agrees with report.json number for number, and stands on its own.</summary>
[Collection(SampleReportCollection.Name)]
public sealed partial class HtmlReportTests(SampleReport report)
{
    /// <summary>
    /// The shapes HtmlWriter.Number writes with the invariant culture: fixed ("0.7412", "-3.1"), general ("0.012346",
    /// "1.2346E-05"), counts with thousands separators ("12,345") and percentages ("74 %", "12.5 %").
    /// </summary>
    [GeneratedRegex("^-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(?<fraction>\\d+))?(?:E(?<exponent>[+-]\\d+))?(?<percent> ?%)?$")]
    private static partial Regex ShownNumber();

    [Fact]
    public void Every_number_in_the_html_is_the_number_at_its_json_pointer() =>
        TaggedNumbers.AssertEachIsTheJsonNumber(report.Html, report.Json.RootElement, 300, EvaluationJob.ReportJson);

    [Fact]
    public void The_shown_text_is_the_tagged_value_rounded_to_its_last_shown_digit()
    {
        var tagged = TaggedNumbers.Pattern().Matches(report.Html);
        var compared = 0;
        var undefined = 0;
        var unreadable = new List<string>();
        foreach (Match m in tagged)
        {
            var shown = m.Groups["shown"].Value;
            if (m.Groups["value"].Value == "null")
            {
                // The page writes an undefined value (NaN in the metrics, null in the JSON) as a dash.
                Assert.True(shown == "–", m.Value);
                undefined++;
                continue;
            }

            var number = ShownNumber().Match(shown);
            if (!number.Success)
            {
                unreadable.Add(m.Value);
                continue;
            }

            // The page rounds the exact value to the digits it shows, so the shown number is within half a unit of its
            // last digit: 0.00005 for "0.7412", 0.5 for "74 %", 5E-10 for "1.2346E-05". A wrong digit anywhere fails.
            var exact = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            var scale = number.Groups["percent"].Success ? 100 : 1;
            var value = double.Parse(
                number.Value.Replace(",", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            var halfUnit = LastDigitUnit(number) / 2;
            Assert.True(Math.Abs(exact * scale - value) <= halfUnit * (1 + 1e-9), $"{m.Value}: {exact * scale} is not {shown} ± {halfUnit}");
            compared++;
        }

        Assert.True(unreadable.Count == 0, $"{unreadable.Count} tagged numbers are not in a number format the page uses: {string.Join(" | ", unreadable.Take(5))}");
        Assert.Equal(tagged.Count, compared + undefined);
        Assert.True(compared > 300, $"only {compared} numbers were compared");
    }

    [Fact]
    public void Every_estimate_model_metric_and_rule_count_of_the_json_is_shown()
    {
        var pointers = TaggedNumbers.Pattern().Matches(report.Html).Select(m => WebUtility.HtmlDecode(m.Groups["pointer"].Value)).ToHashSet();
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

    /// <summary>What one unit of the last shown digit is worth: 10^(exponent − digits after the point).</summary>
    private static double LastDigitUnit(Match number)
    {
        var exponent = number.Groups["exponent"].Success ? int.Parse(number.Groups["exponent"].Value, CultureInfo.InvariantCulture) : 0;
        return Math.Pow(10, exponent - number.Groups["fraction"].Length);
    }

    /// <summary>RFC 6901 JSON pointer; null when a step is missing.</summary>
}
