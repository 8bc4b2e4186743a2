using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Import.Output;
using Recommender.Import.Text;

namespace Recommender.Import.Csv;

/// <summary>
/// <c>recommender import csv</c>: a flat export, one event per record, the columns named on the command line as the
/// contract's fields and the others kept in <c>properties</c> (numbers as numbers, everything else as text). An
/// optional second CSV holds user attributes, undated or dated. Streamed a record at a time; every record the
/// contract would reject is left out with its reason.
/// </summary>
public static class CsvImporter
{
    private static readonly DateTime MinTimestamp = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MaxTimestamp = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // A column without a name has no name to keep its values under: pandas' to_csv() writes its row index so.
    private const string UnnamedTarget = "left out: a column without a name (pandas' row index?)";

    /// <exception cref="FileNotFoundException">No input at the path.</exception>
    /// <exception cref="InvalidDataException">A named column is not in a file's header.</exception>
    public static async Task<ImportSummary> RunAsync(CsvImportOptions options, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = InputFiles.List(options.Input, ".csv", ".csv.gz");
        var output = await ImportOutput.CreateAsync(options.Output, options.Write, ct).ConfigureAwait(false);
        await using (output.ConfigureAwait(false))
        {
            await Task.Run(() =>
            {
                foreach (var file in files)
                {
                    ImportEvents(file, options, output, progress, ct);
                }

                if (options.Profiles is { } profiles)
                {
                    ImportProfiles(profiles, options, output);
                }
            }, ct).ConfigureAwait(false);
            IReadOnlyList<string> inputs = options.Profiles is null ? files : [.. files, options.Profiles];
            return await output.CompleteAsync("csv", inputs, catalogFile: options.Catalog, ct: ct).ConfigureAwait(false);
        }
    }

    private static void ImportEvents(string file, CsvImportOptions o, ImportOutput output, IProgress<long>? progress, CancellationToken ct)
    {
        var index = output.BeginFile(file);
        using var csv = CsvReader.Open(file, o.Delimiter);
        var header = Header(file, csv);
        var columns = new EventColumns(file, header, o);
        var f = output.Fields;
        var counters = new
        {
            User = f.Counter(o.UserColumn, "user_id"), Time = f.Counter(o.TimeColumn, "timestamp"), Type = f.Counter(o.TypeColumn, "event_type"),
            Id = f.Counter(o.IdColumn ?? "(no id column)", o.IdColumn is null ? "event_id derived from the record's bytes" : "event_id"),
            Message = f.Counter(o.MessageColumn ?? "-", "message_id"), Value = f.Counter(o.ValueColumn ?? "-", "value"),
            Properties = f.Counter(string.Join("|", columns.PropertyNames), "properties (JSON)"),
            Skipped = f.Counter($"{o.TypeColumn} (skip_events)", "left out by the mapping"),
            Unnamed = Unnamed(header) is { } unnamed ? f.Counter(unnamed, UnnamedTarget) : null,
        };
        var types = new Dictionary<string, (string Type, FieldCounter Counter)>(StringComparer.Ordinal);
        var linesBefore = output.Lines;
        while (csv.Read(out var problem) is { } record)
        {
            output.Lines = linesBefore + csv.LinesRead - 1;
            var line = csv.RecordLine;
            if ((output.Lines & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(output.Lines);
            }

            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (problem is not null || record.Count != header.Length)
            {
                output.Issues.Drop(file, line, problem ?? $"{record.Count} fields: expected {header.Length}, as the header has");
                continue;
            }

            var userId = record[columns.User];
            // Trimmed like the user and the message: a padded " message_sent" (a CHAR column, a ", "-separated file) would
            // be an event type of its own, and the sends in it no sends at all.
            var name = record[columns.Type].Trim();
            if (string.IsNullOrWhiteSpace(userId) || string.IsNullOrWhiteSpace(name))
            {
                output.Issues.Drop(file, line, $"{(string.IsNullOrWhiteSpace(userId) ? o.UserColumn : o.TypeColumn)}: expected a non-empty value, found an empty one");
                continue;
            }

            if (o.Mapping.SkipEvents.Contains(name))
            {
                counters.Skipped.Add();
                continue;
            }

            if (CsvValues.Instant(record[columns.Time], o.TimeFormat, o.Mapping.AssumeUtc, out var timeProblem) is not { } at)
            {
                output.Issues.Drop(file, line, $"{o.TimeColumn}: {timeProblem}");
                continue;
            }

            if (at < MinTimestamp || at >= MaxTimestamp)
            {
                output.Issues.Drop(file, line, $"{o.TimeColumn}: expected an instant between 2000-01-01 and 2100-01-01, found \"{record[columns.Time]}\"");
                continue;
            }

            if (!types.TryGetValue(name, out var known))
            {
                var mapped = o.Mapping.EventTypeFor(name);
                types[name] = known = (mapped, f.Counter($"{o.TypeColumn} \"{name}\"", "event_type " + mapped));
            }

            var type = known.Type;
            var messageId = columns.Message is { } m && record[m].Trim() is { Length: > 0 } mid ? mid : null;
            if (messageId is null && EventTypes.RequireMessageId.Contains(type))
            {
                output.Issues.Drop(file, line, $"{o.MessageColumn ?? "(no --message column)"}: a \"{type}\" event needs its message id");
                continue;
            }

            double? value = null;
            if (columns.Value is { } v && record[v].Length > 0)
            {
                if (!CsvValues.TryNumber(record[v], o.DecimalComma, out var number))
                {
                    output.Issues.DropField(file, line, $"{o.ValueColumn}: expected a number, found \"{record[v]}\"");
                }
                else
                {
                    value = number;
                    counters.Value.Add();
                }
            }

            var (properties, propensityProblem) = Properties(record, columns, o.DecimalComma);
            if (propensityProblem is not null)
            {
                output.Issues.Drop(file, line, propensityProblem);
                continue;
            }

            var eventId = columns.Id is { } id ? record[id].Trim() : DerivedId(record);
            if (eventId.Length == 0)
            {
                output.Issues.Drop(file, line, $"{o.IdColumn}: expected a non-empty event id, found an empty one");
                continue;
            }

            if ((ImportedId.Problem(o.UserColumn, userId.AsSpan().Trim())
                ?? (messageId is null ? null : ImportedId.Problem(o.MessageColumn!, messageId))
                ?? (columns.Id is null ? null : ImportedId.Problem(o.IdColumn!, eventId))) is { } badId)
            {
                output.Issues.Drop(file, line, badId);
                continue;
            }

            if (output.AddEvent(new UserEvent(eventId, userId.Trim(), at, type, messageId, value, properties), index, line))
            {
                counters.User.Add();
                counters.Time.Add();
                counters.Type.Add();
                known.Counter.Add();
                counters.Id.Add();
                counters.Unnamed?.Add();
                (messageId is null ? null : counters.Message)?.Add();
                (properties is null ? null : counters.Properties)?.Add();
            }
        }

        output.Lines = linesBefore + csv.LinesRead;
    }

    private static (string? Json, string? PropensityProblem) Properties(IReadOnlyList<string> record, EventColumns columns, bool decimalComma)
    {
        if (columns.Properties.Length == 0)
        {
            return (null, null);
        }

        using var buffer = new MemoryStream();
        var any = false;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, i) in columns.Properties)
            {
                var cell = record[i];
                if (cell.Length == 0)
                {
                    continue;
                }

                any = true;
                if (CsvValues.TryNumber(cell, decimalComma, out var number))
                {
                    if (name == EventProperties.Propensity && !(number > 0 && number <= 1))
                    {
                        return (null, $"{name}: expected a number in (0, 1], found {cell}");
                    }

                    writer.WriteNumber(name, number);
                }
                else if (name == EventProperties.Propensity)
                {
                    return (null, $"{name}: expected a number in (0, 1], found \"{cell}\"");
                }
                else
                {
                    writer.WriteString(name, cell);
                }
            }

            writer.WriteEndObject();
        }

        return (any ? Encoding.UTF8.GetString(buffer.ToArray()) : null, null);
    }

    private static void ImportProfiles(string file, CsvImportOptions o, ImportOutput output)
    {
        output.BeginFile(file);
        using var csv = CsvReader.Open(file, o.Delimiter);
        var header = Header(file, csv);
        var userColumn = o.ProfileUserColumn ?? o.UserColumn;
        var user = IndexOf(file, header, userColumn);
        var time = o.ProfileTimeColumn is { } t ? IndexOf(file, header, t) : -1;
        foreach (var name in header.Where(h => !string.IsNullOrWhiteSpace(h)))
        {
            // Every column is an attribute: one named twice would set it twice, the last silently winning.
            IndexOf(file, header, name);
        }

        var counters = header.Select((h, i) => string.IsNullOrWhiteSpace(h)
            ? output.Fields.Counter($"{Path.GetFileName(file)}: (column {i + 1}, no name)", UnnamedTarget)
            : output.Fields.Counter($"{Path.GetFileName(file)}: {h}", h == userColumn ? "profile user_id" : h == o.ProfileTimeColumn ? "profile valid_from" : "profile " + h)).ToArray();
        // Where each user's undated row was, by a 128-bit hash of the id: a second undated row of a user (a CRM export
        // listing someone twice) leaves both "the" profile, which validate and train refuse; the second is left out here
        // instead, naming the first. Memory grows with the file's users (about 40 bytes each), not with the events.
        var undated = new Dictionary<UInt128, long>();
        while (csv.Read(out var problem) is { } record)
        {
            output.Lines++;
            var line = csv.RecordLine;
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (problem is not null || record.Count != header.Length || string.IsNullOrWhiteSpace(record[user]))
            {
                output.Issues.Drop(file, line, problem ?? (record.Count != header.Length
                    ? $"{record.Count} fields: expected {header.Length}, as the header has"
                    : $"{userColumn}: expected a non-empty user id, found an empty one"));
                continue;
            }

            if (ImportedId.Problem(userColumn, record[user].AsSpan().Trim()) is { } badUser)
            {
                output.Issues.Drop(file, line, badUser);
                continue;
            }

            DateTime? validFrom = null;
            if (time >= 0 && record[time].Length > 0)
            {
                if (CsvValues.Instant(record[time], o.TimeFormat, o.Mapping.AssumeUtc, out var timeProblem) is not { } at)
                {
                    output.Issues.Drop(file, line, $"{o.ProfileTimeColumn}: {timeProblem}");
                    continue;
                }

                validFrom = at;
            }

            if (validFrom is null)
            {
                var key = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(record[user].Trim()));
                if (undated.TryGetValue(key, out var first))
                {
                    output.Issues.Drop(file, line, time >= 0
                        ? $"{userColumn}: a second undated row of this user (the first is on line {first}): which would be the profile? Give each row its {o.ProfileTimeColumn}, or keep one"
                        : $"{userColumn}: a second row of this user (the first is on line {first}): which would be the profile? Keep one row per user, or date the rows with --profile-time");
                    continue;
                }

                undated.Add(key, line);
            }

            var values = new List<KeyValuePair<string, ProfileValue>>();
            for (var i = 0; i < header.Length; i++)
            {
                if (i == user || i == time || record[i].Length == 0)
                {
                    continue;
                }

                if (string.IsNullOrWhiteSpace(header[i]))
                {
                    counters[i].Add();
                    continue;
                }

                var raw = ProfileAttributes.Fixed.Contains(header[i]) && header[i] != ProfileAttributes.CompanySize
                    ? ProfileValue.Of(record[i])
                    : CsvValues.ProfileValueOf(record[i], o.DecimalComma);
                if (ProfileCheck.Check(header[i], raw, o.Mapping.AssumeUtc, out var valueProblem) is { } value)
                {
                    values.Add(new(header[i], value));
                    counters[i].Add();
                }
                else
                {
                    output.Issues.DropField(file, line, $"{header[i]}: {valueProblem}");
                }
            }

            counters[user].Add();
            output.AddProfile(record[user].Trim(), validFrom, values);
        }
    }

    /// <summary>The column names, without the spaces around them that a ", "-separated header puts before each: no name means them.</summary>
    private static string[] Header(string file, CsvReader csv) =>
        csv.Read(out _)?.Select(h => h.Trim()).ToArray() ?? throw new InvalidDataException($"{file}: expected a header line, found an empty file.");

    private static int IndexOf(string file, string[] header, string column)
    {
        var i = Array.IndexOf(header, column);
        if (i < 0)
        {
            throw new InvalidDataException($"{file}: expected a column \"{column}\" in the header, found {string.Join(", ", header.Select(h => $"\"{h}\""))}.{DelimiterHint(header)}");
        }

        // A join's export repeats names ("id", "amount"): reading the first and ignoring the other would be a guess.
        var again = Array.IndexOf(header, column, i + 1);
        return again < 0 ? i : throw new InvalidDataException(
            $"{file}: expected the column \"{column}\" once in the header, found it as columns {i + 1} and {again + 1}. Rename one (a column kept in properties can also be left out by naming the others with --properties).");
    }

    /// <summary>A header read as one column that holds another common delimiter: the fix is an option, so name it.</summary>
    private static string DelimiterHint(string[] header)
    {
        if (header.Length != 1 || ";\t|,".FirstOrDefault(header[0].Contains) is not (var d and not '\0'))
        {
            return "";
        }

        var shown = d == '\t' ? "\\t" : d.ToString();
        return $" The header is one column holding '{shown}': pass --delimiter '{shown}'.";
    }

    /// <summary>The columns of <paramref name="header"/> without a name, for the summary; null when every column has one.</summary>
    private static string? Unnamed(string[] header) =>
        string.Join("|", header.Select((h, i) => (h, i)).Where(c => string.IsNullOrWhiteSpace(c.h)).Select(c => $"(column {c.i + 1}, no name)")) is { Length: > 0 } unnamed ? unnamed : null;

    private static string DerivedId(IReadOnlyList<string> record)
    {
        var hash = new XxHash128();
        foreach (var field in record)
        {
            hash.Append(Encoding.UTF8.GetBytes(field));
            hash.Append([0x1f]);
        }

        return "csv-" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>Where each named column sits in a file's header.</summary>
    private sealed class EventColumns
    {
        public EventColumns(string file, string[] header, CsvImportOptions o)
        {
            User = IndexOf(file, header, o.UserColumn);
            Time = IndexOf(file, header, o.TimeColumn);
            Type = IndexOf(file, header, o.TypeColumn);
            Id = o.IdColumn is { } id ? IndexOf(file, header, id) : null;
            Message = o.MessageColumn is { } m ? IndexOf(file, header, m) : null;
            Value = o.ValueColumn is { } v ? IndexOf(file, header, v) : null;
            var named = new HashSet<string?>([o.UserColumn, o.TimeColumn, o.TypeColumn, o.IdColumn, o.MessageColumn, o.ValueColumn], StringComparer.Ordinal);
            Properties = o.PropertyColumns is { } chosen
                ? [.. chosen.Select(c => (c, IndexOf(file, header, c)))]
                : [.. header.Select((h, i) => (h, i)).Where(c => !named.Contains(c.h) && !string.IsNullOrWhiteSpace(c.h)).Select(c => (c.h, IndexOf(file, header, c.h)))];
        }

        public int User { get; }

        public int Time { get; }

        public int Type { get; }

        public int? Id { get; }

        public int? Message { get; }

        public int? Value { get; }

        public (string Name, int Index)[] Properties { get; }

        public IEnumerable<string> PropertyNames => Properties.Select(p => p.Name);
    }
}
