namespace Recommender.Architecture.Tests;

/// <summary>
/// Inside a project, the folders (first-level namespaces below the project's) import each other one way: the
/// <c>using</c> directives between folders form no cycle. A project's root namespace is its top: it may import any
/// folder, and folders see its types without an import (C# resolves enclosing namespaces), so it is not a node.
/// </summary>
public sealed class FolderGraphTests
{
    public static TheoryData<string> Projects => [.. SourceProject.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Folders_import_each_other_without_a_cycle(string name)
    {
        var edges = FolderImports(SourceProject.All[name]);
        var cycle = FindCycle(edges);
        Assert.True(cycle is null, $"{name}: folders import each other in a loop: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void The_APIs_infrastructure_imports_no_feature()
    {
        var edges = FolderImports(SourceProject.All["Recommender.Api"]);
        Assert.Empty(edges.GetValueOrDefault("Infrastructure") ?? []);
    }

    [Fact]
    public void A_cycle_is_found_when_there_is_one()
    {
        // The check itself can fail: a graph with a loop of three is reported with the loop.
        var edges = new Dictionary<string, SortedSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };
        Assert.Equal(["A", "B", "C", "A"], FindCycle(edges));
        Assert.Null(FindCycle(new Dictionary<string, SortedSet<string>> { ["A"] = ["B"], ["B"] = [] }));
    }

    private static Dictionary<string, SortedSet<string>> FolderImports(SourceProject project)
    {
        var edges = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in project.SourceFiles)
        {
            var text = File.ReadAllText(file);
            var from = FolderOf(project.Name, SourceProject.NamespaceOf(text));
            if (from is null)
            {
                continue;
            }

            foreach (var to in SourceProject.ImportsOf(text).Select(n => FolderOf(project.Name, n)).OfType<string>().Where(f => f != from))
            {
                if (!edges.TryGetValue(from, out var targets))
                {
                    edges[from] = targets = new SortedSet<string>(StringComparer.Ordinal);
                }

                targets.Add(to);
            }
        }

        return edges;
    }

    /// <summary>The first-level folder of a namespace of the project, or null for the root namespace and other projects.</summary>
    private static string? FolderOf(string project, string? ns) =>
        ns is not null && ns.StartsWith(project + ".", StringComparison.Ordinal) ? ns[(project.Length + 1)..].Split('.')[0] : null;

    /// <summary>A cycle of the graph as its nodes (the first repeated at the end), or null when it has none.</summary>
    private static List<string>? FindCycle(Dictionary<string, SortedSet<string>> edges)
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: done
        var path = new List<string>();
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!state.ContainsKey(start) && Visit(start) is { } found)
            {
                return found;
            }
        }

        return null;

        List<string>? Visit(string node)
        {
            state[node] = false;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.TryGetValue(next, out var done))
                {
                    if (!done)
                    {
                        return [.. path[path.IndexOf(next)..], next];
                    }
                }
                else if (Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }
    }
}
