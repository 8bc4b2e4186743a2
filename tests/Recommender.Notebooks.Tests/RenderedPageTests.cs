namespace Recommender.Notebooks.Tests;

/// <summary>The comparison of a rendered page with the committed one catches what it must and ignores only timings.</summary>
public sealed class RenderedPageTests
{
    private const string Page = "# Title\n\n| users | 2,000 |\n\n_Reading took 4.8 s._ <!-- timing -->\n";

    [Fact]
    public void Equal_pages_have_no_difference() => Assert.Empty(RenderedPage.Differences(Page, Page));

    [Fact]
    public void A_changed_number_is_a_difference()
    {
        var difference = Assert.Single(RenderedPage.Differences(Page, Page.Replace("2,000", "2,001", StringComparison.Ordinal)));
        Assert.Contains("line 3", difference, StringComparison.Ordinal);
        Assert.Contains("2,001", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_timing_is_not_a_difference() =>
        Assert.Empty(RenderedPage.Differences(Page, Page.Replace("4.8 s", "12.5 s", StringComparison.Ordinal)));

    [Fact]
    public void A_number_moved_into_a_timing_line_is_a_difference() =>
        Assert.NotEmpty(RenderedPage.Differences(Page, Page.Replace("| users | 2,000 |", "| users | 2,000 | <!-- timing -->", StringComparison.Ordinal)));

    [Fact]
    public void A_missing_or_extra_line_is_a_difference()
    {
        Assert.NotEmpty(RenderedPage.Differences(Page, Page + "one more line\n"));
        Assert.NotEmpty(RenderedPage.Differences(Page, Page.Replace("# Title\n\n", "# Title\n", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Notebooks.All), MemberType = typeof(Notebooks))]
    public void A_changed_number_in_a_committed_page_is_caught(string name)
    {
        var committed = File.ReadAllText(Path.Combine(Notebooks.Rendered, name + ".md"));
        var lines = committed.Split('\n');
        var target = Array.FindIndex(lines, l => !l.Contains(Recommender.Notebooks.Page.TimingMarker, StringComparison.Ordinal) && l.Any(char.IsAsciiDigit));
        Assert.True(target >= 0, $"notebooks/rendered/{name}.md has no number outside timing lines");
        var digit = lines[target].First(char.IsAsciiDigit);
        lines[target] = lines[target].Replace(digit.ToString(), digit == '9' ? "8" : ((char)(digit + 1)).ToString(), StringComparison.Ordinal);

        Assert.NotEmpty(RenderedPage.Differences(committed, string.Join('\n', lines)));
    }

    [Fact]
    public void Chart_text_is_the_text_of_the_svg_elements_in_order()
    {
        const string svg = """<svg><text x="1">  Title &amp; more </text><g><text y="2">0.5</text></g></svg>""";
        Assert.Equal(["Title & more", "0.5"], RenderedPage.ChartText(svg));
    }
}
