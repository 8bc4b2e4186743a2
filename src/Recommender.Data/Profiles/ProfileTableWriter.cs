using Parquet;
using Parquet.Schema;
using Recommender.Core.Profiles;
using Recommender.Data.Tables;

namespace Recommender.Data.Profiles;

/// <summary>
/// Writes a <c>profiles</c> Parquet file row by row, a row group at a time, so that a writer of any number of rows
/// (an importer) holds one row group. Columns follow a <see cref="ProfileTableLayout"/>: <c>user_id</c>, the fixed
/// columns the layout names, the numeric then the categorical extra columns, then <c>valid_from</c> for dated rows.
/// Dispose it to write the last row group and the footer.
/// </summary>
public sealed class ProfileTableWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly ProfileTableLayout _layout;
    private readonly int _rowGroupSize;
    private readonly List<(UserProfile Row, DateTime? ValidFrom)> _buffer = [];
    private readonly DataField _userId;
    private readonly List<(string Name, DataField Field)> _fixed;
    private readonly List<DataField<double>> _numeric;
    private readonly List<DataField<string>> _categorical;
    private readonly DataField? _validFrom;
    private bool _wroteGroup;
    private bool _disposed;

    private ProfileTableWriter(
        Stream stream, ParquetWriter writer, ProfileTableLayout layout, int rowGroupSize, DataField userId, List<(string, DataField)> fixedFields,
        List<DataField<double>> numeric, List<DataField<string>> categorical, DataField? validFrom)
    {
        (_stream, _writer, _layout, _rowGroupSize) = (stream, writer, layout, rowGroupSize);
        (_userId, _fixed, _numeric, _categorical, _validFrom) = (userId, fixedFields, numeric, categorical, validFrom);
    }

    public long RowsWritten { get; private set; }

    public static async Task<ProfileTableWriter> CreateAsync(string path, ProfileTableLayout layout, int rowGroupSize = 100_000, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        layout.Check();

        var userId = new DataField<string>(ProfileColumns.UserId, false);
        var fixedFields = new List<(string, DataField)>();
        foreach (var name in new[] { ProfileColumns.SignupAt, ProfileColumns.Country, ProfileColumns.Timezone, ProfileColumns.CompanySize, ProfileColumns.Plan })
        {
            if (layout.Fixed.TryGetValue(name, out var required))
            {
                // A dated row carries only what changed: with dated rows no column can be required.
                fixedFields.Add((name, FixedField(name, required && !layout.Dated)));
            }
        }

        var numeric = layout.NumericColumns.Select(k => new DataField<double>(k, true)).ToList();
        var categorical = layout.CategoricalColumns.Select(k => new DataField<string>(k, true)).ToList();
        var validFrom = layout.Dated ? Timestamp(ProfileColumns.ValidFrom, nullable: true) : null;
        var fields = new List<DataField> { userId };
        fields.AddRange(fixedFields.Select(f => f.Item2));
        fields.AddRange(numeric);
        fields.AddRange(categorical);
        if (validFrom is not null)
        {
            fields.Add(validFrom);
        }

        var stream = File.Create(path);
        try
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, ParquetWriting.Options, append: false, ct).ConfigureAwait(false);
            return new ProfileTableWriter(stream, writer, layout, rowGroupSize, userId, fixedFields, numeric, categorical, validFrom);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Buffers one row (dated when <paramref name="validFrom"/> is set); writes a row group when the buffer is full.</summary>
    public ValueTask WriteAsync(UserProfile row, DateTime? validFrom = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (string.IsNullOrEmpty(row.UserId))
        {
            throw new ArgumentException("A profile row needs a user id.", nameof(row));
        }

        if (validFrom is not null && _validFrom is null)
        {
            throw new ArgumentException($"Profile \"{row.UserId}\" is dated, but the layout has no valid_from column.", nameof(validFrom));
        }

        foreach (var (name, field) in _fixed)
        {
            if (!field.IsNullable && !Known(row, name))
            {
                throw new ArgumentException($"Profile \"{row.UserId}\" has no {name}; this table requires one on every row.", nameof(row));
            }
        }

        _buffer.Add((row, validFrom));
        RowsWritten++;
        return _buffer.Count >= _rowGroupSize ? new ValueTask(FlushAsync(ct)) : ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            // An empty table still gets one (empty) row group, so readers see the schema and zero rows.
            if (_buffer.Count > 0 || !_wroteGroup)
            {
                await FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var rows = _buffer.ToArray();
        _buffer.Clear();
        _wroteGroup = true;
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(_userId, rows.Select(r => r.Row.UserId).ToArray()).ConfigureAwait(false);
        foreach (var (name, field) in _fixed)
        {
            switch (name)
            {
                case ProfileColumns.SignupAt:
                    await WriteTimestamps(group, field, rows.Select(r => r.Row.SignupAt).ToArray(), ct).ConfigureAwait(false);
                    break;
                case ProfileColumns.CompanySize:
                    await group.WriteAsync<int>(field, rows.Select(r => r.Row.CompanySize).ToArray().AsMemory(), null, null, ct).ConfigureAwait(false);
                    break;
                default:
                    await group.WriteAsync(field, rows.Select(r => Text(r.Row, name)).ToArray()).ConfigureAwait(false);
                    break;
            }
        }

        foreach (var field in _numeric)
        {
            var values = rows.Select(r => r.Row.Numeric.TryGetValue(field.Name, out var v) ? v : (double?)null).ToArray();
            await group.WriteAsync<double>(field, values.AsMemory(), null, null, ct).ConfigureAwait(false);
        }

        foreach (var field in _categorical)
        {
            await group.WriteAsync(field, rows.Select(r => r.Row.Categorical.GetValueOrDefault(field.Name)).ToArray()!).ConfigureAwait(false);
        }

        if (_validFrom is not null)
        {
            await WriteTimestamps(group, _validFrom, rows.Select(r => r.ValidFrom).ToArray(), ct).ConfigureAwait(false);
        }

        group.CompleteValidate();
    }

    private static async Task WriteTimestamps(ParquetRowGroupWriter group, DataField field, DateTime?[] values, CancellationToken ct)
    {
        if (field.IsNullable)
        {
            var utc = values.Select(v => v is { } t ? ParquetWriting.ToUtc(t) : (DateTime?)null).ToArray();
            await group.WriteAsync<DateTime>(field, utc.AsMemory(), null, null, ct).ConfigureAwait(false);
        }
        else
        {
            // Required: the same call as before the column could be absent, so that generated files keep their bytes.
            await group.WriteAsync<DateTime>(field, values.Select(v => ParquetWriting.ToUtc(v!.Value)).ToArray().AsMemory(), null, null, ct).ConfigureAwait(false);
        }
    }

    private static DataField FixedField(string name, bool required) => name switch
    {
        ProfileColumns.SignupAt => Timestamp(name, nullable: !required),
        ProfileColumns.CompanySize => new DataField<int>(name, true),
        _ => new DataField<string>(name, !required),
    };

    private static DateTimeDataField Timestamp(string name, bool nullable) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable);

    private static string? Text(UserProfile p, string column) => column switch
    {
        ProfileColumns.Country => p.Country,
        ProfileColumns.Timezone => p.Timezone,
        _ => p.Plan,
    };

    private static bool Known(UserProfile p, string column) => column switch
    {
        ProfileColumns.SignupAt => p.SignupAt is not null,
        ProfileColumns.CompanySize => p.CompanySize is not null,
        _ => !string.IsNullOrEmpty(Text(p, column)),
    };
}
