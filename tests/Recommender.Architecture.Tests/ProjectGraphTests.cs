namespace Recommender.Architecture.Tests;

/// <summary>
/// The project graph points one way: each project sits on a layer and references only projects of lower layers
/// (which also rules out cycles), and what serves decisions never pulls in training or ML.NET.
/// </summary>
public sealed class ProjectGraphTests
{
    /// <summary>The layers, bottom up; a project may reference only projects of a lower layer.</summary>
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Recommender.Core"] = 0,
        ["Recommender.Scoring"] = 0,
        ["Recommender.Data"] = 1,
        ["Recommender.Decisioning"] = 1,
        ["Recommender.Models"] = 2,
        ["Recommender.Import"] = 2,
        ["Recommender.Simulation"] = 3,
        ["Recommender.Training"] = 3,
        ["Recommender.Evaluation"] = 4,
        ["Recommender.Api"] = 4,
        ["Recommender.Cli"] = 5,
    };

    [Fact]
    public void Every_source_project_has_a_layer()
    {
        Assert.Equal(Layers.Keys.Order(StringComparer.Ordinal), SourceProject.All.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void References_point_down_only()
    {
        var upward = SourceProject.All.Values
            .SelectMany(p => p.ProjectReferences.Select(r => (From: p.Name, To: r)))
            .Where(e => Layers[e.To] >= Layers[e.From])
            .Select(e => $"{e.From} (layer {Layers[e.From]}) -> {e.To} (layer {Layers[e.To]})")
            .ToList();
        Assert.True(upward.Count == 0, "References that do not point down: " + string.Join("; ", upward));
    }

    [Theory]
    [InlineData("Recommender.Api")]
    [InlineData("Recommender.Models")]
    [InlineData("Recommender.Scoring")]
    [InlineData("Recommender.Decisioning")]
    public void Serving_projects_reach_neither_training_nor_ML_NET(string name)
    {
        var project = SourceProject.All[name];
        var reached = project.Closure().Append(name).ToList();
        Assert.DoesNotContain("Recommender.Training", reached);
        var mlNet = reached
            .SelectMany(p => SourceProject.All[p].Packages.Select(package => (Project: p, Package: package)))
            .Where(x => x.Package.StartsWith("Microsoft.ML", StringComparison.Ordinal))
            .Select(x => $"{x.Project} references {x.Package}")
            .ToList();
        Assert.True(mlNet.Count == 0, $"{name} reaches ML.NET: " + string.Join("; ", mlNet));
    }

    [Fact]
    public void Nothing_in_src_references_the_hosts()
    {
        var onHosts = SourceProject.All.Values
            .SelectMany(p => p.ProjectReferences.Where(r => r is "Recommender.Cli" || (r is "Recommender.Api" && p.Name != "Recommender.Cli")).Select(r => $"{p.Name} -> {r}"))
            .ToList();
        Assert.Empty(onHosts);
    }
}
