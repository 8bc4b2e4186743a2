using System.Text;

namespace Recommender.Import.Text;

/// <summary>
/// Records of a CSV file (RFC 4180: a delimiter, fields in double quotes may hold delimiters, line breaks and doubled
/// quotes), streamed a record at a time over <see cref="LineSource"/> (so gzip works too). A quote left open runs the
/// field on into the next line; one still open at the end of the file is reported, not swallowed. A record with bytes
/// that are not UTF-8 (a Latin-1 or Windows-1252 export) is reported too: decoded, each such byte would become U+FFFD,
/// and "m\xFCller" and "m\xF6ller" one user.
/// </summary>
internal sealed class CsvReader : IDisposable
{
    private readonly LineSource _lines;
    private readonly char _delimiter;
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();

    private CsvReader(LineSource lines, char delimiter) => (_lines, _delimiter) = (lines, delimiter);

    /// <summary>The line the last record started on, from 1.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Lines read so far (a record with a quoted line break spans several).</summary>
    public long LinesRead => _lines.LineNumber;

    public static CsvReader Open(string path, char delimiter = ',') => new(LineSource.Open(path), delimiter);

    /// <summary>The next record's fields (valid until the next call), or null at the end; <paramref name="problem"/> says what was wrong with it.</summary>
    public IReadOnlyList<string>? Read(out string? problem)
    {
        problem = null;
        if (!_lines.TryReadLine(out var line))
        {
            return null;
        }

        RecordLine = _lines.LineNumber;
        _fields.Clear();
        _field.Clear();
        var quoted = false;
        problem = Utf8Text.Problem(line);
        var text = Encoding.UTF8.GetString(line);
        while (true)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            _field.Append('"');
                            i++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        _field.Append(c);
                    }
                }
                else if (c == '"' && _field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == _delimiter)
                {
                    _fields.Add(_field.ToString());
                    _field.Clear();
                }
                else
                {
                    _field.Append(c);
                }
            }

            if (!quoted)
            {
                break;
            }

            if (!_lines.TryReadLine(out line))
            {
                problem = "a quoted field still open at the end of the file";
                break;
            }

            _field.Append('\n');
            problem ??= Utf8Text.Problem(line);
            text = Encoding.UTF8.GetString(line);
        }

        _fields.Add(_field.ToString());
        return _fields;
    }

    public void Dispose() => _lines.Dispose();
}
