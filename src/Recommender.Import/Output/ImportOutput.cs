using System.Diagnostics;
using System.Runtime.InteropServices;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;

namespace Recommender.Import.Output;

/// <summary>
/// The data folder an import writes: <c>events.parquet</c> (streamed on a writer thread), <c>profiles.parquet</c>,
/// <c>catalog.json</c> when the importer knows the messages, and beside them the summary and every issue. Events with
/// an id seen within the duplicate window are left out and listed. One importing thread calls it.
/// </summary>
public sealed class ImportOutput : IAsyncDisposable
{
    private readonly EventSink _events;
    private readonly ProfileSink _profiles;
    private readonly RecentIds _recent;
    private readonly List<string> _files = [];
    private readonly Dictionary<string, long> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _messages = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly FieldCounter _duplicates;
    private long _eventCount;
    private long _from = long.MaxValue;
    private long _to = long.MinValue;
    private bool _completed;

    private readonly ImportHeapLimit? _heap;

    private ImportOutput(string directory, EventSink events, ImportHeapLimit? heap, ImportOptions options)
    {
        Directory = directory;
        _heap = heap;
        _events = events;
        _profiles = new ProfileSink(directory);
        _recent = new RecentIds(options.DuplicateWindow);
        Issues = new ImportIssueLog(directory);
        _duplicates = Fields.Counter("(repeated event id)", "left out as a duplicate");
    }

    public string Directory { get; }

    public ImportIssueLog Issues { get; }

    public FieldReport Fields { get; } = new();

    /// <summary>Input lines read, counted by the importer.</summary>
    public long Lines { get; set; }

    public long Duplicates => _duplicates.Count;

    /// <summary>Creates <paramref name="directory"/> (or reuses it) and opens the events file.</summary>
    /// <exception cref="IOException">The folder holds an <c>events/</c> or <c>profiles/</c> folder, which an import would leave ambiguous.</exception>
    public static async Task<ImportOutput> CreateAsync(string directory, ImportOptions? options = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= new ImportOptions();
        options.Validate();
        System.IO.Directory.CreateDirectory(directory);
        foreach (var table in new[] { DataFolder.EventsName, DataFolder.ProfilesName })
        {
            if (System.IO.Directory.Exists(Path.Combine(directory, table)))
            {
                throw new IOException(
                    $"{Path.Combine(directory, table)} is a folder of Parquet files; the import would write {table}.parquet beside it and the folder would hold both. Import into an empty folder.");
            }
        }

        ClaimFolder(directory, options.Overwrite);
        var heap = options.BoundHeap ? new ImportHeapLimit(options.MaxHeapBytes, RecentIds.BytesFor(options.DuplicateWindow)) : null;
        var events = await EventSink.CreateAsync(Path.Combine(directory, DataFolder.EventsName + ".parquet"), options.RowGroupSize, heap, ct).ConfigureAwait(false);
        return new ImportOutput(directory, events, heap, options);
    }

    /// <summary>
    /// Refuses a folder that holds a data folder no import wrote, unless told to overwrite it, and then removes what
    /// would otherwise stay beside the imported tables: another log's catalog would describe messages this log never
    /// sent, and another world's oracle.parquet would be read by train as this log's truth.
    /// </summary>
    private static void ClaimFolder(string directory, bool overwrite)
    {
        var held = DataFolder.EntriesIn(directory);
        if (held.Length == 0 || (File.Exists(Path.Combine(directory, ImportSummary.FileName)) && !overwrite))
        {
            return; // empty, or an earlier import's folder: written over as before
        }

        if (!overwrite)
        {
            throw new IOException(
                $"'{directory}' already holds a data folder that no import wrote ({string.Join(", ", held)}); pass --overwrite to replace it " +
                "(those files are removed first), or import into another folder.");
        }

        DataFolder.Remove(directory, held);
    }

    /// <summary>The index of an input file, for locating duplicates; call once per file before its lines.</summary>
    public int BeginFile(string file)
    {
        _files.Add(file);
        return _files.Count - 1;
    }

    /// <summary>
    /// Writes <paramref name="e"/> unless its id was seen within the window, in which case it is left out and listed
    /// as a duplicate of the line that had it first. Returns whether it was written.
    /// </summary>
    public bool AddEvent(UserEvent e, int file, long line)
    {
        ArgumentNullException.ThrowIfNull(e);
        return AddEvent(e.EventId, e.UserId, e.Timestamp, e.EventType, e.MessageId, e.Value, e.Properties, file, line);
    }

    /// <summary>
    /// <see cref="AddEvent(UserEvent, int, long)"/> for an event given as its columns' values, its texts possibly
    /// still the UTF-8 bytes of the input: no object is made for it.
    /// </summary>
    public bool AddEvent(
        EventText eventId, EventText userId, DateTime timestamp, string eventType, string? messageId, double? value, EventText properties,
        int file, long line)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        if (!ClaimId(eventId, file, line))
        {
            return false;
        }

        _events.Add(eventId, userId, timestamp, eventType, messageId, value, properties);
        _eventCount++;
        var ticks = timestamp.Ticks;
        (_from, _to) = (Math.Min(_from, ticks), Math.Max(_to, ticks));
        ref var typeCount = ref CollectionsMarshal.GetValueRefOrAddDefault(_types, eventType, out _);
        typeCount++;
        if (messageId is not null)
        {
            ref var messageCount = ref CollectionsMarshal.GetValueRefOrAddDefault(_messages, messageId, out _);
            messageCount++;
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="id"/> was not seen within the duplicate window (and is now); else the line is left out
    /// and listed as a duplicate of the line that had the id first.
    /// </summary>
    public bool ClaimId(string id, int file, long line)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ClaimId((EventText)id, file, line);
    }

    /// <summary>
    /// A hint that <paramref name="utf8Id"/> will be claimed soon (<see cref="RecentIds.Prefetch"/>): an importer
    /// that knows the id before it has read the rest of its line gives it here.
    /// </summary>
    public void WillClaimId(ReadOnlySpan<byte> utf8Id) => _recent.Prefetch(utf8Id);

    /// <inheritdoc cref="ClaimId(string, int, long)"/>
    public bool ClaimId(EventText id, int file, long line)
    {
        if (id.IsNull)
        {
            throw new ArgumentNullException(nameof(id));
        }

        var added = id.IsUtf8 ? _recent.TryAdd(id.Utf8, ((long)file << 40) | line, out var first) : _recent.TryAdd(id.String!, ((long)file << 40) | line, out first);
        if (added)
        {
            return true;
        }

        _duplicates.Add();
        var (firstFile, firstLine) = ((int)(first >> 40), first & ((1L << 40) - 1));
        var where = firstFile == file ? $"line {firstLine}" : $"{_files[firstFile]} line {firstLine}";
        Issues.Drop(_files[file], line, $"duplicate event id: \"{id.ToString()}\" was already imported from {where}");
        return false;
    }

    /// <summary>One profile row (see <see cref="ProfileSink.Add"/>).</summary>
    public void AddProfile(string userId, DateTime? validFrom, IReadOnlyList<KeyValuePair<string, ProfileValue>> values) =>
        _profiles.Add(userId, validFrom, values);

    /// <summary>
    /// Finishes the folder: the events file, the profiles, <paramref name="catalog"/> (or a copy of the catalog file
    /// <paramref name="catalogFile"/>, checked first) and the summary. Without either, no catalog is written and the
    /// summary says which message ids one must define.
    /// </summary>
    /// <exception cref="Data.Validation.DataValidationException">The catalog file breaks the contract.</exception>
    public async Task<ImportSummary> CompleteAsync(
        string source, IReadOnlyList<string> inputs, MessageCatalog? catalog = null, string? catalogFile = null,
        IReadOnlyList<string>? notes = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _completed = true;
        await _events.CompleteAsync().ConfigureAwait(false);

        // The events' two sets of column buffers and the Parquet writer's pages (most of the import's memory, on the
        // large-object heap) are garbage now, but nothing else would collect them before the profile rows' many small
        // allocations pile up on top: one full collection here keeps the import's peak from growing with the number
        // of profile rows (docs/results.md, "import segment"). Once per import, so its cost does not matter.
        GC.Collect();
        var attributes = await _profiles.CompleteAsync(ct).ConfigureAwait(false);
        Issues.Dispose();

        string? catalogPath = null;
        var target = Path.Combine(Directory, DataFolder.CatalogFileName);
        if (catalog is not null)
        {
            CatalogJson.Save(target, catalog);
            catalogPath = target;
        }
        else if (catalogFile is not null)
        {
            CatalogJson.Load(catalogFile);
            if (!string.Equals(Path.GetFullPath(catalogFile), Path.GetFullPath(target), StringComparison.Ordinal))
            {
                File.Copy(catalogFile, target, overwrite: true);
            }

            catalogPath = target;
        }

        var messages = Ranked(_messages);
        string? draftPath = null;
        if (catalogPath is null && messages.Count > 0)
        {
            draftPath = CatalogDraft.Write(Directory, messages.Select(m => m.Key));
        }
        else
        {
            // A draft left by an earlier import into this folder no longer describes it.
            CatalogDraft.Remove(Directory);
        }

        var summary = new ImportSummary
        {
            Source = source,
            Inputs = inputs,
            Output = Directory,
            Lines = Lines,
            Events = _eventCount,
            ProfileRows = _profiles.Rows,
            LinesDropped = Issues.LinesDropped,
            FieldsDropped = Issues.FieldsDropped,
            Duplicates = Duplicates,
            From = _eventCount == 0 ? null : new DateTime(_from, DateTimeKind.Utc),
            To = _eventCount == 0 ? null : new DateTime(_to, DateTimeKind.Utc),
            Fields = Fields.Used,
            EventTypes = Ranked(_types),
            Messages = messages,
            ProfileAttributes = attributes,
            FirstIssues = Issues.First,
            IssuesByKind = Issues.ByKind,
            IssuesFile = Issues.Path,
            Catalog = catalogPath,
            CatalogDraft = draftPath,
            Notes = [.. notes ?? [], .. HeapNote()],
            Elapsed = _clock.Elapsed,
        };
        await File.WriteAllTextAsync(Path.Combine(Directory, ImportSummary.FileName), summary.Describe(), ct).ConfigureAwait(false);
        return summary;
    }

    /// <summary>The heap limit the import ran under, for the summary (the run's memory depends on it).</summary>
    private IEnumerable<string> HeapNote()
    {
        if (_heap?.Applied is { } limit)
        {
            yield return _heap.Measured is { } measured
                ? $"managed heap limited to {limit >> 20:N0} MiB: {measured >> 20:N0} MiB of buffers and duplicate window at their largest so far, and room ({ImportHeapLimit.Option} MiB sets one, 0 none)"
                : $"managed heap limited to {limit >> 20:N0} MiB ({ImportHeapLimit.Option})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await _events.DisposeAsync().ConfigureAwait(false);
        }

        await _profiles.DisposeAsync().ConfigureAwait(false);
        Issues.Dispose();
    }

    private static List<KeyValuePair<string, long>> Ranked(Dictionary<string, long> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
}
