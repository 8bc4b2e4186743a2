using System.IO.Compression;

namespace Recommender.Import.Text;

/// <summary>
/// The lines of a text file as UTF-8 bytes, one at a time, from a reused buffer: bounded memory whatever the file's
/// size (a buffer grows only to the longest line). Gzip is recognised by its magic bytes, not the file name. A UTF-8
/// byte order mark is skipped; a line ends at <c>\n</c> with an optional <c>\r</c> before it.
/// </summary>
internal sealed class LineSource : IDisposable
{
    private const int InitialBuffer = 1 << 20;
    private readonly Stream _stream;
    private FileStream? _file;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private bool _eof;

    private LineSource(Stream stream) => _stream = stream;

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
            return new LineSource(stream) { _file = file };
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
