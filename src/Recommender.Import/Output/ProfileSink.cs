using Recommender.Core.Profiles;
using Recommender.Data.Profiles;

namespace Recommender.Import.Output;

/// <summary>
/// Gathers profile rows (undated, or dated by the instant their values became known) and writes <c>profiles.parquet</c>
/// at the end. A Parquet schema must be known before the first row, and an attribute's kind only once every row is
/// seen, so rows go to a temporary file beside the output first (bounded memory) and are written from there: the fixed
/// columns any row knows, then extra attributes as numbers when every value was a number, else as text.
/// </summary>
internal sealed class ProfileSink : IAsyncDisposable
{
    private const string SpillName = ".profiles.import.tmp";

    /// <summary>
    /// The table writer holds a row group's values (their texts as strings) before it encodes them, and an identify
    /// call's traits take more than an event's row; a tenth of the default row group keeps that within the events'
    /// buffers, so writing the profiles at the end does not raise the import's peak (docs/results.md).
    /// </summary>
    private const int RowGroupSize = 10_000;

    /// <summary>
    /// Rows between full garbage collections while the table is written. Each row group's strings outlive a few
    /// young collections and are promoted, and the old generation's budget grows with it: measured, the peak rose
    /// with the number of profile rows (about 100 MiB more for 500,000 than for 50,000, docs/results.md,
    /// "<c>import segment</c>"). Collecting after a fixed number of rows makes the phase's peak the same whatever
    /// their number; the heap is small by then (the events' buffers are gone), so each collection is cheap.
    /// </summary>
    private const int CollectEvery = 50_000;
    private readonly string _directory;
    private readonly string _spillPath;
    private readonly BinaryWriter _spill;
    private readonly HashSet<string> _fixed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Numbers, long Texts)> _extras = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _nameIndexes = new(StringComparer.Ordinal);
    private bool _dated;

    public ProfileSink(string directory)
    {
        _directory = directory;
        _spillPath = Path.Combine(directory, SpillName);
        _spill = new BinaryWriter(new BufferedStream(File.Create(_spillPath), 1 << 16));
    }

    public long Rows { get; private set; }

    /// <summary>
    /// One row: <paramref name="values"/> hold from <paramref name="validFrom"/> on (null: the undated profile). The
    /// fixed attributes' values must already be of their kind (<see cref="ProfileAttributes.Problem"/>); cleared values
    /// are not written (a dated row's null means "not part of this update").
    /// </summary>
    public void Add(string userId, DateTime? validFrom, IReadOnlyList<KeyValuePair<string, ProfileValue>> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        _spill.Write(userId);
        _spill.Write(validFrom?.Ticks ?? -1);
        var count = values.Count(v => v.Value.Kind != ProfileValueKind.Cleared);
        _spill.Write(count);
        foreach (var (name, value) in values)
        {
            if (value.Kind == ProfileValueKind.Cleared)
            {
                continue;
            }

            _spill.Write(NameIndex(name));
            _spill.Write((byte)value.Kind);
            if (value.Kind == ProfileValueKind.Text)
            {
                _spill.Write(value.Text!);
            }
            else
            {
                _spill.Write(value.Number);
            }

            if (ProfileAttributes.Fixed.Contains(name))
            {
                _fixed.Add(name);
            }
            else
            {
                var (numbers, texts) = _extras.GetValueOrDefault(name);
                _extras[name] = value.Kind == ProfileValueKind.Number ? (numbers + 1, texts) : (numbers, texts + 1);
            }
        }

        _dated |= validFrom is not null;
        Rows++;
    }

    /// <summary>Writes <c>profiles.parquet</c>; returns the extra attributes with the kind they got.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CompleteAsync(CancellationToken ct)
    {
        await _spill.DisposeAsync().ConfigureAwait(false);
        var numeric = _extras.Where(e => e.Value.Texts == 0).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var text = _extras.Where(e => e.Value.Texts > 0).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var layout = new ProfileTableLayout
        {
            Fixed = _fixed.ToDictionary(f => f, _ => false, StringComparer.Ordinal),
            NumericColumns = numeric,
            CategoricalColumns = text,
            Dated = _dated,
        };

        var writer = await ProfileTableWriter.CreateAsync(Path.Combine(_directory, "profiles.parquet"), layout, RowGroupSize, ct).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            var asText = _names.Select(n => !ProfileAttributes.Fixed.Contains(n) && !numeric.Contains(n)).ToArray();
            var values = new List<KeyValuePair<string, ProfileValue>>();
            using var reader = new BinaryReader(new BufferedStream(File.OpenRead(_spillPath), 1 << 16));
            for (var r = 0L; r < Rows; r++)
            {
                var (userId, validFrom) = ReadRow(reader, asText, values);
                await writer.WriteAsync(userId, values, validFrom, ct).ConfigureAwait(false);
                if ((r + 1) % CollectEvery == 0)
                {
                    GC.Collect();
                }
            }
        }

        File.Delete(_spillPath);
        return numeric.Select(n => (n, "number")).Concat(text.Select(t => (t, "text")))
            .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _spill.DisposeAsync().ConfigureAwait(false);
        if (File.Exists(_spillPath))
        {
            File.Delete(_spillPath);
        }
    }

    /// <summary>The spill names an attribute by its index in <see cref="_names"/>: rows repeat a few names many times.</summary>
    private int NameIndex(string name)
    {
        if (!_nameIndexes.TryGetValue(name, out var index))
        {
            index = _names.Count;
            _names.Add(name);
            _nameIndexes.Add(name, index);
        }

        return index;
    }

    /// <summary>Reads one spilled row's values into <paramref name="values"/>; returns its user and instant.</summary>
    private (string UserId, DateTime? ValidFrom) ReadRow(BinaryReader reader, bool[] asText, List<KeyValuePair<string, ProfileValue>> values)
    {
        var userId = reader.ReadString();
        var ticks = reader.ReadInt64();
        values.Clear();
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var name = reader.ReadInt32();
            var kind = (ProfileValueKind)reader.ReadByte();
            var value = kind == ProfileValueKind.Text ? ProfileValue.Of(reader.ReadString()) : ProfileValue.Of(reader.ReadDouble());

            // An attribute that was text anywhere is text everywhere: its numbers become their text.
            if (value.Kind == ProfileValueKind.Number && asText[name])
            {
                value = ProfileValue.Of(value.ToString());
            }

            values.Add(new(_names[name], value));
        }

        return (userId, ticks < 0 ? null : new DateTime(ticks, DateTimeKind.Utc));
    }
}
