using System.Text.RegularExpressions;

namespace Recommender.Notebooks.Tests;

/// <summary>
/// Compares a rendered page with the committed one: every line must be equal, except lines marked as timings
/// (<see cref="Page.TimingMarker"/>), which must only be timings at the same place. Charts compare by their text: title,
/// axis labels, tick labels, legend and point labels, which carry what the chart says (the ticks follow the data's
/// range); the glyph coordinates around them depend on the font rasteriser and are left out.
/// </summary>
internal static partial class RenderedPage
{
    /// <summary>The lines that differ, each with its line number, expected and found; empty when the pages match.</summary>
    public static IReadOnlyList<string> Differences(string expected, string actual, int max = 12)
    {
        var e = Lines(expected);
        var a = Lines(actual);
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(e.Length, a.Length) && differences.Count < max; i++)
        {
            var want = i < e.Length ? e[i] : null;
            var got = i < a.Length ? a[i] : null;
            if (want != got)
            {
                differences.Add($"line {i + 1}:\n  committed: {want ?? "(end of page)"}\n  rendered:  {got ?? "(end of page)"}");
            }
        }

        if (e.Length != a.Length)
        {
            differences.Add($"the committed page has {e.Length} lines, the rendered one {a.Length}");
        }

        return differences;
    }

    /// <summary>The text of every &lt;text&gt; element of an SVG chart, in document order.</summary>
    public static IReadOnlyList<string> ChartText(string svg) =>
        [.. TextElement().Matches(svg).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim())];

    /// <summary>The page's lines, each timing line reduced to its marker.</summary>
    private static string[] Lines(string page) =>
        [.. page.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd().EndsWith(Page.TimingMarker, StringComparison.Ordinal) ? Page.TimingMarker : l)];

    [GeneratedRegex(@"<text\b[^>]*>([^<]*)</text>")]
    private static partial Regex TextElement();
}
