using System.Text.Json;
using Recommender.Core;
using Recommender.Evaluation.Report;

namespace Recommender.Evaluation.ReportTests;

/// <summary>
/// summary.md carries text from the data: notices and warnings name message ids, which a catalog may spell with
/// Markdown's and HTML's syntax. Before, they went in as they were: a '|' split a table row, a line break ended a quote
/// and '&lt;b&gt;' became markup where the summary is rendered.
/// </summary>
[Collection(SampleReportCollection.Name)]
public sealed class SummaryMarkdownTests(SampleReport sample)
{
    private const string Hostile = "welcome|<b>tour</b>*x*\n| injected | row |";

    [Fact]
    public void Ids_in_notices_warnings_and_the_verdict_read_as_text_and_keep_every_table_whole()
    {
        var report = JsonSerializer.Deserialize<EvaluationReport>(sample.JsonText, CoreJson.Options)!;
        var warning = new ReportWarning("unsupported", $"The target policy sends '{Hostile}' where the log never did.");
        report = report with
        {
            Notices = [.. report.Notices, new ReportWarning("test_notice", $"Message '{Hostile}' left out.")],
            Verdict = report.Verdict is { } v ? v with { Why = v.Why + " " + Hostile } : null,
            Ope = [.. report.Ope.Select((r, i) => i == 0 ? r with { Warnings = [.. r.Warnings, warning] } : r)],
        };

        var md = SummaryReport.Render(report);

        Assert.DoesNotContain("<b>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("| injected | row |", md, StringComparison.Ordinal);
        Assert.Contains(@"welcome\|\<b\>tour\</b\>\*x\* \| injected \| row \|", md, StringComparison.Ordinal);
        // Every table row has as many cells as its header.
        foreach (var table in md.Split("\n\n").Where(block => block.StartsWith('|')))
        {
            var rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var cells = Cells(rows[0]);
            Assert.All(rows, row => Assert.Equal(cells, Cells(row)));
        }

        // The report's own text is unchanged where it holds nothing to escape.
        Assert.Contains("(test_notice)", md, StringComparison.Ordinal);
    }

    // Unescaped pipes, as a Markdown table reads them.
    private static int Cells(string row) => row.Where((c, i) => c == '|' && (i == 0 || row[i - 1] != '\\')).Count();
}
