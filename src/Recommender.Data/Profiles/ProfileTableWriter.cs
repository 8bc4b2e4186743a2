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
    private readonly int _rowGroupSize;
    private readonly DataField _userId;
    private readonly List<(string Name, DataField Field)> _fixed;
    private readonly List<DataField<double>> _numeric;
    private readonly List<DataField<string>> _categorical;
    private readonly DataField? _validFrom;
    private readonly Dictionary<string, int> _numericIndex;
    private readonly Dictionary<string, int> _categoricalIndex;

    // The row group being filled, column by column: no object per row, and the arrays are reused for every group.
    private string[] _userIds = [];
    private DateTime?[] _signupAt = [];
    private string?[] _country = [];
    private string?[] _timezone = [];
    private int?[] _companySize = [];
    private string?[] _plan = [];
    private double?[][] _numericValues;
    private string?[][] _categoricalValues;
    private DateTime?[] _validFromValues = [];
    private int _count;
    private bool _wroteGroup;
    private bool _disposed;

    private ProfileTableWriter(
        Stream stream, ParquetWriter writer, int rowGroupSize, DataField userId, List<(string, DataField)> fixedFields,
        List<DataField<double>> numeric, List<DataField<string>> categorical, DataField? validFrom)
    {
        (_stream, _writer, _rowGroupSize) = (stream, writer, rowGroupSize);
        (_userId, _fixed, _numeric, _categorical, _validFrom) = (userId, fixedFields, numeric, categorical, validFrom);
        _numericIndex = Indexes(numeric);
        _categoricalIndex = Indexes(categorical);
        _numericValues = [.. numeric.Select(_ => Array.Empty<double?>())];
        _categoricalValues = [.. categorical.Select(_ => Array.Empty<string?>())];
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
            return new ProfileTableWriter(stream, writer, rowGroupSize, userId, fixedFields, numeric, categorical, validFrom);
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
        var i = BeginRow(row.UserId, validFrom);
        _signupAt[i] = row.SignupAt;
        _country[i] = row.Country;
        _timezone[i] = row.Timezone;
        _companySize[i] = row.CompanySize;
        _plan[i] = row.Plan;
        for (var c = 0; c < _numeric.Count; c++)
        {
            _numericValues[c][i] = row.Numeric.TryGetValue(_numeric[c].Name, out var v) ? v : null;
        }

        for (var c = 0; c < _categorical.Count; c++)
        {
            _categoricalValues[c][i] = row.Categorical.GetValueOrDefault(_categorical[c].Name);
        }

        return EndRow(row.UserId, ct);
    }

    /// <summary>
    /// Buffers one row given as attribute values, read as <see cref="ProfileAttributes.With"/> reads them into a new
    /// profile (a later value of an attribute replaces an earlier one; an extra attribute's number goes to its numeric
    /// column, its text to its categorical one), without making the profile: an importer's many rows cost no objects.
    /// An attribute the layout has no column for is not written, as with a profile.
    /// </summary>
    public ValueTask WriteAsync(string userId, IReadOnlyList<KeyValuePair<string, ProfileValue>> values, DateTime? validFrom = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var i = BeginRow(userId, validFrom);
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case ProfileColumns.SignupAt:
                    _signupAt[i] = value.Text is { } t ? ProfileAttributes.ParseInstant(t) : null;
                    break;
                case ProfileColumns.Country:
                    _country[i] = value.Text;
                    break;
                case ProfileColumns.Timezone:
                    _timezone[i] = value.Text;
                    break;
                case ProfileColumns.Plan:
                    _plan[i] = value.Text;
                    break;
                case ProfileColumns.CompanySize:
                    _companySize[i] = value.Kind == ProfileValueKind.Number ? (int)value.Number : null;
                    break;
                default:
                    if (_numericIndex.TryGetValue(name, out var n))
                    {
                        _numericValues[n][i] = value.Kind == ProfileValueKind.Number ? value.Number : null;
                    }
                    else if (_categoricalIndex.TryGetValue(name, out var c))
                    {
                        _categoricalValues[c][i] = value.Kind == ProfileValueKind.Text ? value.Text : null;
                    }

                    break;
            }
        }

        return EndRow(userId, ct);
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
            if (_count > 0 || !_wroteGroup)
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

    /// <summary>Checks the row's id and date, makes room for it and clears its slot in every column; returns its index.</summary>
    private int BeginRow(string? userId, DateTime? validFrom)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (string.IsNullOrEmpty(userId))
        {
            throw new ArgumentException("A profile row needs a user id.", nameof(userId));
        }

        if (validFrom is not null && _validFrom is null)
        {
            throw new ArgumentException($"Profile \"{userId}\" is dated, but the layout has no valid_from column.", nameof(validFrom));
        }

        if (_count == _userIds.Length)
        {
            Grow();
        }

        var i = _count;
        _userIds[i] = userId;
        _validFromValues[i] = validFrom;
        _signupAt[i] = null;
        _country[i] = _timezone[i] = _plan[i] = null;
        _companySize[i] = null;
        foreach (var column in _numericValues)
        {
            column[i] = null;
        }

        foreach (var column in _categoricalValues)
        {
            column[i] = null;
        }

        return i;
    }

    /// <summary>Refuses the row when a required column has no value; else counts it, and writes the group when it is full.</summary>
    private ValueTask EndRow(string userId, CancellationToken ct)
    {
        var i = _count;
        foreach (var (name, field) in _fixed)
        {
            var known = name switch
            {
                ProfileColumns.SignupAt => _signupAt[i] is not null,
                ProfileColumns.CompanySize => _companySize[i] is not null,
                _ => !string.IsNullOrEmpty(TextColumn(name)[i]),
            };
            if (!field.IsNullable && !known)
            {
                throw new ArgumentException($"Profile \"{userId}\" has no {name}; this table requires one on every row.", "row");
            }
        }

        _count++;
        RowsWritten++;
        return _count >= _rowGroupSize ? new ValueTask(FlushAsync(ct)) : ValueTask.CompletedTask;
    }

    /// <summary>Doubles the columns' room (from a small start, so a table of a few rows stays small), up to a row group.</summary>
    private void Grow()
    {
        var size = Math.Min(_rowGroupSize, Math.Max(1024, _userIds.Length * 2));
        Array.Resize(ref _userIds, size);
        Array.Resize(ref _signupAt, size);
        Array.Resize(ref _country, size);
        Array.Resize(ref _timezone, size);
        Array.Resize(ref _companySize, size);
        Array.Resize(ref _plan, size);
        Array.Resize(ref _validFromValues, size);
        for (var c = 0; c < _numericValues.Length; c++)
        {
            Array.Resize(ref _numericValues[c], size);
        }

        for (var c = 0; c < _categoricalValues.Length; c++)
        {
            Array.Resize(ref _categoricalValues[c], size);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var n = _count;
        _count = 0;
        _wroteGroup = true;
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(_userId, Rows(_userIds, n)).ConfigureAwait(false);
        foreach (var (name, field) in _fixed)
        {
            switch (name)
            {
                case ProfileColumns.SignupAt:
                    await WriteTimestamps(group, field, _signupAt, n, ct).ConfigureAwait(false);
                    break;
                case ProfileColumns.CompanySize:
                    await group.WriteAsync<int>(field, _companySize.AsMemory(0, n), null, null, ct).ConfigureAwait(false);
                    break;
                default:
                    await group.WriteAsync(field, Rows(TextColumn(name), n)!).ConfigureAwait(false);
                    break;
            }
        }

        for (var c = 0; c < _numeric.Count; c++)
        {
            await group.WriteAsync<double>(_numeric[c], _numericValues[c].AsMemory(0, n), null, null, ct).ConfigureAwait(false);
        }

        for (var c = 0; c < _categorical.Count; c++)
        {
            await group.WriteAsync(_categorical[c], Rows(_categoricalValues[c], n)!).ConfigureAwait(false);
        }

        if (_validFrom is not null)
        {
            await WriteTimestamps(group, _validFrom, _validFromValues, n, ct).ConfigureAwait(false);
        }

        group.CompleteValidate();
    }

    private static async Task WriteTimestamps(ParquetRowGroupWriter group, DataField field, DateTime?[] column, int n, CancellationToken ct)
    {
        if (field.IsNullable)
        {
            var utc = new DateTime?[n];
            for (var i = 0; i < n; i++)
            {
                utc[i] = column[i] is { } t ? ParquetWriting.ToUtc(t) : null;
            }

            await group.WriteAsync<DateTime>(field, utc.AsMemory(), null, null, ct).ConfigureAwait(false);
        }
        else
        {
            // Required: the same call as before the column could be absent, so that generated files keep their bytes.
            var utc = new DateTime[n];
            for (var i = 0; i < n; i++)
            {
                utc[i] = ParquetWriting.ToUtc(column[i]!.Value);
            }

            await group.WriteAsync<DateTime>(field, utc.AsMemory(), null, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The first <paramref name="n"/> values of a text column, as the array the writer takes for text.</summary>
    private static T[] Rows<T>(T[] column, int n) => n == column.Length ? column : column[..n];

    private string?[] TextColumn(string name) => name switch
    {
        ProfileColumns.Country => _country,
        ProfileColumns.Timezone => _timezone,
        _ => _plan,
    };

    private static Dictionary<string, int> Indexes<T>(List<T> fields)
        where T : DataField
    {
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            indexes[fields[i].Name] = i;
        }

        return indexes;
    }

    private static DataField FixedField(string name, bool required) => name switch
    {
        ProfileColumns.SignupAt => Timestamp(name, nullable: !required),
        ProfileColumns.CompanySize => new DataField<int>(name, true),
        _ => new DataField<string>(name, !required),
    };

    private static DateTimeDataField Timestamp(string name, bool nullable) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable);
}
