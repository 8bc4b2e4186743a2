using System.IO.Compression;

namespace Recommender.Import.Text;

/// <summary>
/// The lines of a text file as UTF-8 bytes, one at a time, from a reused buffer: bounded memory whatever the file's
/// size (a buffer grows only to the longest line). Gzip is recognised by its magic bytes, not the file name, and so
/// are archives, other compressions and binary tables, which are refused naming the step that makes them text. A UTF-8
/// byte order mark is skipped; a line ends at <c>\n</c> with an optional <c>\r</c> before it. A file that is UTF-16 or
/// whose lines end in <c>\r</c> alone is refused at its start, naming the conversion: read as it is, it would be one
/// line of garbled names (and the second grow the buffer to the whole file).
/// </summary>
internal sealed class LineSource : IDisposable
{
    private const int InitialBuffer = 1 << 20;

    /// <summary>
    /// The longest line read: far beyond any record, and a bound on the buffer. A file without line breaks (one JSON
    /// array, a minified export) grew the buffer until the array's size limit, gigabytes later, and failed as an
    /// unexpected error.
    /// </summary>
    public const int DefaultMaxLineBytes = 64 << 20;
    private readonly int _maxLineBytes;
    private readonly Stream _stream;
    private readonly string _path;
    private FileStream? _file;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    private LineSource(Stream stream, string path, int maxLineBytes) =>
        (_stream, _path, _maxLineBytes, _buffer) = (stream, path, maxLineBytes, new byte[Math.Min(InitialBuffer, maxLineBytes)]);

    /// <summary>Number of the line last returned, from 1.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes of the file read so far (compressed bytes for a gzip file).</summary>
    public long BytesRead => _file?.Position ?? 0;

    public static LineSource Open(string path, int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1024);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[10];
            var n = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            file.Position = 0;
            if (NotText(magic[..n]) is { } container)
            {
                throw new InvalidDataException($"{path}: expected text (UTF-8, or gzipped UTF-8), found {container}");
            }

            Stream stream = n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
            return new LineSource(stream, path, maxLineBytes) { _file = file };
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
    /// <summary>
    /// What a file that starts with <paramref name="start"/> is, when it is an archive, another compression than gzip or
    /// a binary table, with the step that makes it text; null for anything else. Read as text, such a file was refused
    /// with its bytes printed as a "header" (a ZIP), or as a classic Mac file (Zstandard), which sent the user the wrong way.
    /// </summary>
    private static string? NotText(ReadOnlySpan<byte> start) => start switch
    {
        [0x50, 0x4B, 0x03 or 0x05 or 0x07, 0x04 or 0x06 or 0x08, ..] =>
            "a ZIP archive (an Excel .xlsx workbook is one too): unzip it and import the text file inside, or save the sheet as \"CSV UTF-8\"",
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => "an Excel 97-2003 workbook (.xls): save the sheet as \"CSV UTF-8\" and import that",
        [0x28, 0xB5, 0x2F, 0xFD, ..] => "a Zstandard-compressed file: decompress it first, e.g. zstd -d FILE (gzip is read as it is)",
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, ..] => "an xz-compressed file: decompress it first, e.g. xz -dk FILE (gzip is read as it is)",
        [0x42, 0x5A, 0x68, >= (byte)'1' and <= (byte)'9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59] =>
            "a bzip2-compressed file: decompress it first, e.g. bunzip2 -k FILE (gzip is read as it is)",
        [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, ..] => "a 7-Zip archive: extract it and import the text file inside",
        [0x50, 0x41, 0x52, 0x31, ..] => "a Parquet file: a table in the data contract's shape goes into a data folder as it is (docs/data-contract.md); other tables, export as CSV or JSON Lines",
        _ => null,
    };

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
            if (_buffer.Length >= _maxLineBytes)
            {
                throw new InvalidDataException(
                    $"{_path}: line {LineNumber + 1} runs past {(_maxLineBytes >= 1 << 20 ? $"{_maxLineBytes >> 20} MiB" : $"{_maxLineBytes >> 10} KiB")} without a line break: expected one record per line " +
                    "(a JSON array or a file without line breaks? export it as JSON Lines or CSV).");
            }

            // A line longer than the buffer: grow to hold it.
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxLineBytes));
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _eof = read == 0;
        _end += read;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}
