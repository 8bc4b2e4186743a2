using System.Runtime.CompilerServices;
using System.Text;
using Parquet;
using Recommender.Api.Stores;
using Recommender.Core;

namespace Recommender.Api.Planning;

/// <summary>
/// Who a plan decides for. Without <c>--users</c>: every user with a stored state, as the store lists them
/// (<see cref="IUserStateStore.UsersAsync"/>). With <c>--users FILE</c>, by the file's extension:
/// <list type="bullet">
/// <item><c>.parquet</c>: the string column <c>user_id</c>, every row group;</item>
/// <item><c>.csv</c>: a header row naming a <c>user_id</c> column, then one row per user (RFC 4180 quoting);</item>
/// <item>anything else: one user id per line; blank lines and lines starting with <c>#</c> are skipped, spaces around an id are trimmed.</item>
/// </list>
/// An empty id, an id longer than <c>Limits:MaxIdLength</c> or an id listed twice is refused, naming the file and the line
/// or row: a plan has one row per user. The file's ids are held as a set to find repeats (about 100 bytes per id).
/// </summary>
public static class PlanAudience
{
    public static IAsyncEnumerable<string> Of(string? usersFile, IUserStateStore store, int maxIdLength, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return usersFile is null ? store.UsersAsync(ct) : FromFile(usersFile, maxIdLength, ct);
    }

    private static async IAsyncEnumerable<string> FromFile(string path, int maxIdLength, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new PlanInputException($"{path}: expected a file of user ids (--users), found no such file.");
        }

        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var where = extension == ".parquet" ? "row" : "line";
        var source = extension switch
        {
            ".parquet" => FromParquet(path, ct),
            ".csv" => FromCsv(path, ct),
            _ => FromLines(path, ct),
        };
        await foreach (var (id, position) in source.ConfigureAwait(false))
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > maxIdLength)
            {
                throw new PlanInputException(
                    $"{path}, {where} {position}: expected a user id of 1 to {maxIdLength} characters (Limits:MaxIdLength), found " +
                    (id is null ? "nothing" : id.Length > maxIdLength ? $"{id.Length} characters" : "an empty id") + ".");
            }

            if (IdText.Problem(id) is { } malformed)
            {
                throw new PlanInputException(
                    $"{path}, {where} {position}: expected a user id of {IdText.Expected}, found {malformed}.");
            }

            if (!seen.TryAdd(id, position))
            {
                throw new PlanInputException(
                    $"{path}, {where} {position}: expected each user once (a plan has one row per user), found '{id}' again (first at {where} {seen[id]}).");
            }

            yield return id;
        }
    }

    private static async IAsyncEnumerable<(string? Id, long Line)> FromLines(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        long line = 0;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } text)
        {
            line++;
            var id = text.Trim();
            if (id.Length == 0 || id.StartsWith('#'))
            {
                continue;
            }

            yield return (id, line);
        }
    }

    private static async IAsyncEnumerable<(string? Id, long Line)> FromCsv(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = await reader.ReadLineAsync(ct).ConfigureAwait(false);
        var column = header is null ? -1 : Fields(header, path, 1).FindIndex(f => f == "user_id");
        if (column < 0)
        {
            throw new PlanInputException($"{path}, line 1: expected a header row naming a user_id column, found {(header is null ? "an empty file" : $"'{header}'")}.");
        }

        long line = 1;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = Fields(text, path, line);
            yield return (column < fields.Count ? fields[column] : null, line);
        }
    }

    /// <summary>One CSV record's fields (RFC 4180: a quoted field may hold commas and doubled quotes; no line breaks inside).</summary>
    private static List<string> Fields(string line, string path, long number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new PlanInputException($"{path}, line {number}: expected a closing quote, found the end of the line.");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return fields;
            }

            if (line[i] != ',')
            {
                throw new PlanInputException($"{path}, line {number}: expected a comma after a quoted field, found '{line[i]}'.");
            }

            i++;
        }
    }

    private static async IAsyncEnumerable<(string? Id, long Row)> FromParquet(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new PlanInputException($"{path}: expected a Parquet file with a user_id column, found a file Parquet cannot read ({e.Message}).", e);
        }

        await using (reader)
        {
            if (reader.Schema.DataFields.FirstOrDefault(f => f.Name == "user_id") is not { } field
                || (field.ClrType != typeof(string) && field.ClrType != typeof(ReadOnlyMemory<char>)))
            {
                throw new PlanInputException(
                    $"{path}: expected a string column user_id, found columns {string.Join(", ", reader.Schema.DataFields.Select(f => $"{f.Name} ({f.ClrType.Name})"))}.");
            }

            long row = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var ids = new string?[checked((int)group.RowCount)];
                await group.ReadAsync(field, ids.AsMemory(), null, ct).ConfigureAwait(false);
                foreach (var id in ids)
                {
                    yield return (id, ++row);
                }
            }
        }
    }
}
