using ScottPlot;

namespace Recommender.Notebooks.Tests;

/// <summary>The page a notebook renders: Markdown that reads the same whatever the numbers, and charts written beside it.</summary>
public sealed class PageTests
{
    [Fact]
    public void Prose_lines_join_into_one_line_per_paragraph()
    {
        var page = new Page("00-test");
        page.Text("""
            One paragraph
            over two lines.

            A second one.
            """);
        Assert.Equal("One paragraph over two lines.\n\nA second one.\n", page.Render());
    }

    [Fact]
    public void Tables_align_numbers_right_and_escape_pipes()
    {
        var page = new Page("00-test");
        page.Table(["name", "count"], [["a | b", "1,000"]]);
        Assert.Equal("| name | count |\n| --- | ---: |\n| a \\| b | 1,000 |\n", page.Render());
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused()
    {
        var page = new Page("00-test");
        Assert.Throws<ArgumentException>(() => page.Table(["a", "b"], [["1"]]));
    }

    [Fact]
    public void Timing_lines_end_with_the_marker_the_comparison_skips()
    {
        var page = new Page("00-test");
        page.Timing("Took 1.2 s.");
        Assert.Equal($"_Took 1.2 s._ {Page.TimingMarker}\n", page.Render());
    }

    [Fact]
    public void Writing_replaces_the_charts_an_earlier_run_left()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("00-test"));
        File.WriteAllText(temp.File(Path.Combine("00-test", "stale.svg")), "<svg/>");
        var page = new Page("00-test");
        var plot = Plots.Bars("title", "value", ["a", "b"], [1.0, 2.0]);
        page.Chart("bars", plot, "two bars");

        var written = page.Write(temp.Path);

        Assert.Equal(temp.File("00-test.md"), written);
        Assert.Equal("![two bars](00-test/bars.svg)\n", File.ReadAllText(written));
        Assert.Equal(["bars.svg"], Directory.GetFiles(temp.File("00-test")).Select(Path.GetFileName));
        Assert.Contains("title", RenderedPage.ChartText(File.ReadAllText(temp.File(Path.Combine("00-test", "bars.svg")))));
    }
}
