using System.Globalization;
using System.Text;

namespace Recommender.Import.Output;

/// <summary>What an import read, wrote and left out, and what each source field became.</summary>
public sealed record ImportSummary
{
    public const string FileName = "import-summary.txt";

    public required string Source { get; init; }

    public required IReadOnlyList<string> Inputs { get; init; }

    public required string Output { get; init; }

    public long Lines { get; init; }

    public long Events { get; init; }

    public long ProfileRows { get; init; }

    public long LinesDropped { get; init; }

    public long FieldsDropped { get; init; }

    /// <summary>Repeated event ids caught inside the duplicate window and left out (each is also listed as an issue).</summary>
    public long Duplicates { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public IReadOnlyList<FieldCounter> Fields { get; init; } = [];

    /// <summary>Event types written and how many, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> EventTypes { get; init; } = [];

    /// <summary>Message ids on message events and how many, most frequent first: what a catalog must define.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Messages { get; init; } = [];

    /// <summary>Extra profile attributes and the kind they were written as.</summary>
    public IReadOnlyDictionary<string, string> ProfileAttributes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ImportIssue> FirstIssues { get; init; } = [];

    public IReadOnlyDictionary<string, long> IssuesByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>The file listing every issue; null when there was none.</summary>
    public string? IssuesFile { get; init; }

    /// <summary>The catalog written; null when none was (the user must write one).</summary>
    public string? Catalog { get; init; }

    /// <summary>The <see cref="Output.CatalogDraft"/> written when no catalog was but messages were seen; null otherwise.</summary>
    public string? CatalogDraft { get; init; }

    /// <summary>Further notes of the importer (how a data set was mapped, a split).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public TimeSpan Elapsed { get; init; }

    /// <summary>The summary as plain text: what the CLI prints and <see cref="FileName"/> holds.</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"import {Source}: {string.Join(", ", Inputs)} -> {Output}");
        text.AppendLine(inv, $"  {Lines:N0} lines read in {Elapsed.TotalSeconds:F1} s: {Events:N0} events, {ProfileRows:N0} profile rows written; {LinesDropped:N0} lines left out ({Duplicates:N0} of them duplicates), {FieldsDropped:N0} fields left out");
        if (From is { } from && To is { } to)
        {
            text.AppendLine(inv, $"  events from {from:yyyy-MM-ddTHH:mm:ssZ} to {to:yyyy-MM-ddTHH:mm:ssZ}");
        }

        text.AppendLine("  what each source field became:");
        foreach (var f in Fields)
        {
            text.AppendLine(inv, $"    {f.Source} -> {f.Target}: {f.Count:N0}");
        }

        if (ProfileAttributes.Count > 0)
        {
            text.AppendLine("  extra profile attributes: " + string.Join(", ", ProfileAttributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} ({a.Value})")));
        }

        text.AppendLine("  event types: " + string.Join(", ", EventTypes.Take(15).Select(t => string.Create(inv, $"{t.Key} ({t.Value:N0})"))) + (EventTypes.Count > 15 ? $", … {EventTypes.Count - 15} more" : ""));
        if (Messages.Count > 0)
        {
            text.AppendLine("  message ids: " + string.Join(", ", Messages.Take(15).Select(t => string.Create(inv, $"{t.Key} ({t.Value:N0})"))) + (Messages.Count > 15 ? $", … {Messages.Count - 15} more" : ""));
        }

        foreach (var note in Notes)
        {
            text.AppendLine("  " + note);
        }

        text.AppendLine(Catalog is not null
            ? "  catalog: " + Catalog
            : CatalogDraft is not null
                ? string.Create(inv, $"  no catalog.json written: {CatalogDraft} lists the {Messages.Count:N0} message ids with {string.Join(", ", Recommender.Import.Output.CatalogDraft.BlankFields)} blank; fill them (docs/data-contract.md, \"catalog.json\") and rename it catalog.json, or import again with --catalog FILE")
                : "  no catalog.json written: pass --catalog FILE or write one (docs/data-contract.md)");
        if (IssuesFile is not null)
        {
            text.AppendLine("  issues by kind: " + string.Join("; ", IssuesByKind.OrderByDescending(k => k.Value).Select(k => string.Create(inv, $"{k.Key} ({k.Value:N0})"))));
            foreach (var issue in FirstIssues)
            {
                text.AppendLine("    " + issue);
            }

            text.AppendLine(inv, $"  every issue is listed in {IssuesFile}");
        }

        return text.ToString();
    }
}
