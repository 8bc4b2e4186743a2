using System.Globalization;
using Recommender.Evaluation.Quality;
using Recommender.Evaluation.Report;

namespace Recommender.Evaluation.ReportTests;

/// <summary>
/// A report's charts are the same on every machine: the plotting library labels its axes in the thread's culture, so
/// before, a German machine's report.html read "0,1" on its axes beside "0.1" in its tables, and the same data and seed
/// gave another report.
/// </summary>
public sealed class ChartCultureTests
{
    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void Charts_are_drawn_alike_whatever_the_machines_culture(string name)
    {
        ReliabilityBin[] bins = [.. Enumerable.Range(0, 10).Select(i => new ReliabilityBin(i / 10.0, (i + 1) / 10.0, 100 + i, i / 10.0 + 0.03, i / 10.0 + 0.05))];
        var invariant = InCulture(CultureInfo.InvariantCulture, () => Charts.Reliability("propensity", bins));

        var local = InCulture(CultureInfo.GetCultureInfo(name), () => Charts.Reliability("propensity", bins));

        Assert.Contains(">\n\t\t\t0.1\n", invariant.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(">\n\t\t\t0,1\n", local.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        // The library numbers its clip paths across the process; apart from them, the same drawing.
        Assert.Equal(WithoutClipIds(invariant), WithoutClipIds(local));
    }

    private static string WithoutClipIds(string svg) => System.Text.RegularExpressions.Regex.Replace(svg, "cl_[0-9a-f]+", "cl");

    private static T InCulture<T>(CultureInfo culture, Func<T> draw)
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            var result = draw();
            // The chart leaves the caller's culture as it found it.
            Assert.Equal(culture, CultureInfo.CurrentCulture);
            return result;
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
