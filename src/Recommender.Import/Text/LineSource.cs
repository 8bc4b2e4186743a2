using System.IO.Compression;

namespace Recommender.Import.Text;

/// <summary>
/// The lines of a text file as UTF-8 bytes, one at a time, from a reused buffer: bounded memory whatever the file's
/// size (a buffer grows only to the longest line). Gzip is recognised by its magic bytes, not the file name. A UTF-8
/// byte order mark is skipped; a line ends at <c>\n</c> with an optional <c>\r</c> before it. A file that is UTF-16 or
/// whose lines end in <c>\r</c> alone is refused at its start, naming the conversion: read as it is, it would be one
/// line of garbled names (and the second grow the buffer to the whole file).
/// </summary>
internal sealed class LineSource : IDisposable
{
    private const int InitialBuffer = 1 << 20;
    private readonly Stream _stream;
    private readonly string _path;
    private FileStream? _file;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private bool _eof;

    private LineSource(Stream stream, string path) => (_stream, _path) = (stream, path);

    /// <summary>Number of the line last returned, from 1.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes of the file read so far (compressed bytes for a gzip file).</summary>
    public long BytesRead => _file?.Position ?? 0;

    public static LineSource Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            Stream stream = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
            return new LineSource(stream, path) { _file = file };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The next line without its line break; the bytes are valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (LineNumber == 0)
            {
                CheckStart(_buffer.AsSpan(_start, newline >= 0 ? newline : _end - _start));
            }

            if (newline >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
                return Counted(ref line);
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    return Counted(ref line);
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose() => _stream.Dispose();

    private bool Counted(ref ReadOnlySpan<byte> line)
    {
        if (LineNumber == 0 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        LineNumber++;
        return true;
    }

    /// <exception cref="InvalidDataException">The first line so far is UTF-16, or holds a carriage return that ends no line.</exception>
    private void CheckStart(ReadOnlySpan<byte> first)
    {
        if (first is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            throw new InvalidDataException($"{_path}: expected UTF-8 text, found a UTF-16 byte order mark (Excel's \"Unicode text\"?): convert it first, e.g. iconv -f UTF-16 -t UTF-8 {_path} > FILE");
        }

        var cr = first.IndexOf((byte)'\r');
        if (cr >= 0 && cr < first.Length - 1)
        {
            throw new InvalidDataException($"{_path}: expected lines ending in \\n or \\r\\n, found lines ending in \\r alone (a classic Mac export?): convert it first, e.g. tr '\\r' '\\n' < {_path} > FILE");
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // A line longer than the buffer: grow to hold it.
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _eof = read == 0;
        _end += read;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}
