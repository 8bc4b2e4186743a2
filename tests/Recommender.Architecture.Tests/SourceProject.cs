using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Recommender.Architecture.Tests;

/// <summary>A project under <c>src/</c> as its files say: the projects and packages it references, and its C# files.</summary>
internal sealed partial record SourceProject(string Name, string Directory, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> Packages)
{
    public static IReadOnlyDictionary<string, SourceProject> All { get; } = Load();

    /// <summary>The C# files of the project, without build output.</summary>
    public IEnumerable<string> SourceFiles => System.IO.Directory
        .EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>Every project this one reaches through project references, itself excluded.</summary>
    public IReadOnlySet<string> Closure()
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(ProjectReferences);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var reference in All[next].ProjectReferences)
                {
                    pending.Push(reference);
                }
            }
        }

        return seen;
    }

    /// <summary>The namespace a file declares (file-scoped), or null.</summary>
    public static string? NamespaceOf(string text) => NamespaceDeclaration().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The namespaces a file imports with <c>using</c> directives (aliases included).</summary>
    public static IEnumerable<string> ImportsOf(string text) => UsingDirective().Matches(text).Select(m => m.Groups[1].Value);

    private static Dictionary<string, SourceProject> Load()
    {
        var src = Path.Combine(Repository.Root, "src");
        var projects = new Dictionary<string, SourceProject>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            var xml = XDocument.Load(file);
            var name = Path.GetFileNameWithoutExtension(file);
            projects.Add(name, new SourceProject(
                name,
                Path.GetDirectoryName(file)!,
                [.. xml.Descendants("ProjectReference").Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))],
                [.. xml.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value)]));
        }

        return projects;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^using\s+(?:\w+\s*=\s*)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}
