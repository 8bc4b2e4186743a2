using System.Text.RegularExpressions;

namespace Recommender.Notebooks.Tests;

/// <summary>What every notebook promises a reader: how to run it, a committed page with its charts, and a line in both READMEs.</summary>
public sealed partial class ConventionTests
{
    [Fact]
    public void There_are_notebooks() => Assert.NotEmpty(Notebooks.Names);

    [Theory]
    [MemberData(nameof(Notebooks.All), MemberType = typeof(Notebooks))]
    public void A_notebook_opens_with_what_it_shows_and_how_to_run_it(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Notebooks.Folder, name + ".cs"));
        Assert.StartsWith($"// {name}: ", lines[0], StringComparison.Ordinal);
        var header = lines.TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal)).ToArray();
        // A notebook that reads no data folder (it imports its own, like 04's Hillstrom campaign) says how to run it without --data.
        var readsData = !lines.Any(l => l.Contains("readsData: false", StringComparison.Ordinal));
        var run = $"dotnet run -c Release notebooks/{name}.cs" + (readsData ? " -- --data data-samples" : "");
        Assert.Contains(header, l => l.Contains(run, StringComparison.Ordinal));
        Assert.Contains(header, l => l.Contains($"notebooks/rendered/{name}.md", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("#:project ../src/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Notebooks.All), MemberType = typeof(Notebooks))]
    public void A_committed_page_shows_exactly_its_committed_charts(string name)
    {
        var page = File.ReadAllText(Path.Combine(Notebooks.Rendered, name + ".md"));
        var shown = ChartLink().Matches(page).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();
        var folder = Path.Combine(Notebooks.Rendered, name);
        var committed = Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(f => $"{name}/{Path.GetFileName(f)}").Order(StringComparer.Ordinal).ToArray()
            : [];
        Assert.Equal(committed, shown);
    }

    [Fact]
    public void Every_committed_page_has_its_notebook()
    {
        var pages = Directory.GetFiles(Notebooks.Rendered, "*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(Notebooks.Names, pages);
    }

    [Theory]
    [MemberData(nameof(Notebooks.All), MemberType = typeof(Notebooks))]
    public void Both_readmes_list_the_notebook(string name)
    {
        var layout = File.ReadAllLines(Path.Combine(Repository.Root, "README.md")).Where(l => l.StartsWith("| `notebooks/", StringComparison.Ordinal));
        Assert.Contains(layout, l => l.Contains($"`notebooks/{name}.cs`", StringComparison.Ordinal));
        Assert.Contains($"[{name}](rendered/{name}.md)", File.ReadAllText(Path.Combine(Notebooks.Folder, "README.md")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+\.svg)\)")]
    private static partial Regex ChartLink();
}
