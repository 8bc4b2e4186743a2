namespace Recommender.Notebooks.Tests;

/// <summary>
/// Every notebook runs top to bottom on the committed sample data (or the public data set it reads, from
/// ../shared/datasets) and renders exactly the committed page: a notebook
/// that fails, or whose page no longer matches what its code produces today, fails here.
/// </summary>
public sealed class NotebookRunTests
{
    [Theory]
    [MemberData(nameof(Notebooks.All), MemberType = typeof(Notebooks))]
    public async Task Renders_the_committed_page(string name)
    {
        using var temp = new TempFolder();
        var run = await Notebooks.RunAsync(name, [.. Notebooks.SharedDataArguments(name), "--out", temp.Path]);
        Assert.True(run.ExitCode == 0, $"notebooks/{name}.cs exited with {run.ExitCode}:\n{run.All}");

        var rerender = $"Render it again with `dotnet run -c Release notebooks/{name}.cs` and commit notebooks/rendered/{name}.md and notebooks/rendered/{name}/ if the change is intended.";
        var differences = RenderedPage.Differences(
            await File.ReadAllTextAsync(Path.Combine(Notebooks.Rendered, name + ".md")),
            await File.ReadAllTextAsync(temp.File(name + ".md")));
        Assert.True(differences.Count == 0, $"notebooks/rendered/{name}.md is not what notebooks/{name}.cs renders today. {rerender}\n{string.Join("\n", differences)}");

        var committed = Charts(Path.Combine(Notebooks.Rendered, name));
        var rendered = Charts(temp.File(name));
        Assert.True(committed.Keys.SequenceEqual(rendered.Keys), $"notebooks/rendered/{name}/ holds the charts [{string.Join(", ", committed.Keys)}], the notebook draws [{string.Join(", ", rendered.Keys)}]. {rerender}");
        foreach (var (chart, svg) in rendered)
        {
            var want = RenderedPage.ChartText(committed[chart]);
            var got = RenderedPage.ChartText(svg);
            Assert.True(want.SequenceEqual(got),
                $"notebooks/rendered/{name}/{chart} says something else than the chart the notebook draws today. {rerender}\ncommitted: {string.Join(" | ", want)}\nrendered:  {string.Join(" | ", got)}");
        }
    }

    [Fact]
    public async Task A_notebook_that_fails_exits_non_zero_and_writes_no_page()
    {
        using var temp = new TempFolder();
        var missing = temp.File("no-such-data");
        var run = await Notebooks.RunAsync("01-explore-data", "--data", missing, "--out", temp.File("out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File(Path.Combine("out", "01-explore-data.md"))), "a failed notebook must not leave a page behind");
    }

    private static SortedDictionary<string, string> Charts(string folder) =>
        new(Directory.Exists(folder) ? Directory.GetFiles(folder, "*.svg").ToDictionary(f => Path.GetFileName(f), File.ReadAllText) : [], StringComparer.Ordinal);
}
