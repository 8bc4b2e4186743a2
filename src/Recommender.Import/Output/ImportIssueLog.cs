namespace Recommender.Import.Output;

/// <summary>
/// Every line an import could not use, counted and listed: all of them in <c>import-issues.txt</c> beside the data
/// (streamed, so a million bad lines cost no memory), the first few kept for the summary. Nothing is dropped silently.
/// </summary>
public sealed class ImportIssueLog : IDisposable
{
    public const string FileName = "import-issues.txt";
    private const int Kept = 20;

    private readonly string _path;
    private readonly List<ImportIssue> _first = [];
    private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private StreamWriter? _writer;

    internal ImportIssueLog(string directory)
    {
        _path = System.IO.Path.Combine(directory, FileName);
        if (File.Exists(_path))
        {
            File.Delete(_path);
        }
    }

    /// <summary>Lines left out.</summary>
    public long LinesDropped { get; private set; }

    /// <summary>Fields left out of lines that were otherwise used.</summary>
    public long FieldsDropped { get; private set; }

    /// <summary>The file listing every issue; null when there was none.</summary>
    public string? Path => _writer is null ? null : _path;

    public IReadOnlyList<ImportIssue> First => _first;

    /// <summary>Issues per kind (the reason up to its first colon), for the summary.</summary>
    public IReadOnlyDictionary<string, long> ByKind => _byKind;

    /// <summary>A whole line left out.</summary>
    public void Drop(string file, long line, string reason) => Add(new ImportIssue(file, line, reason, Dropped: true));

    /// <summary>A field left out of a line that was otherwise imported.</summary>
    public void DropField(string file, long line, string reason) => Add(new ImportIssue(file, line, reason, Dropped: false));

    public void Dispose() => _writer?.Dispose();

    private void Add(ImportIssue issue)
    {
        if (issue.Dropped)
        {
            LinesDropped++;
        }
        else
        {
            FieldsDropped++;
        }

        var colon = issue.Reason.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? issue.Reason : issue.Reason[..colon];
        _byKind[kind] = _byKind.GetValueOrDefault(kind) + 1;
        if (_first.Count < Kept)
        {
            _first.Add(issue);
        }

        _writer ??= new StreamWriter(_path, append: false);
        _writer.WriteLine(issue.ToString());
    }
}
