using System.IO.Compression;
using System.Text;
using Recommender.Import.Text;

namespace Recommender.Import.Tests.Text;

public sealed class LineSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void Lines_come_without_breaks_or_a_byte_order_mark_and_a_last_line_without_newline_counts()
    {
        var path = _temp.File("a.txt");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. "one\r\ntwo\n\nthree"u8]);

        Assert.Equal(["one", "two", "", "three"], Read(path));
    }

    [Fact]
    public void Gzip_is_recognised_by_its_bytes_and_a_line_longer_than_the_buffer_is_whole()
    {
        var path = _temp.File("no-extension");
        var long1 = new string('x', 3_000_000);
        using (var zip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            zip.Write(Encoding.UTF8.GetBytes($"a\n{long1}\nb\n"));
        }

        Assert.Equal(["a", long1, "b"], Read(path));
    }

    /// <summary>
    /// Excel's "Unicode text" (UTF-16) and a classic Mac export (lines ending in \r alone) were read as one line of
    /// garbled text: the CSV import refused it naming columns "\uFFFD\uFFFDu\0s\0e\0r\0", or read the whole file as its header.
    /// </summary>
    [Theory]
    [InlineData("utf-16", "expected UTF-8 text, found a UTF-16 byte order mark (Excel's \"Unicode text\"?): convert it first, e.g. iconv -f UTF-16 -t UTF-8")]
    [InlineData("cr", "expected lines ending in \\n or \\r\\n, found lines ending in \\r alone (a classic Mac export?): convert it first, e.g. tr '\\r' '\\n'")]
    public void A_file_that_is_UTF_16_or_ends_lines_in_CR_alone_is_refused_with_its_conversion(string kind, string expected)
    {
        var path = _temp.File(kind + ".csv");
        File.WriteAllBytes(path, kind == "utf-16" ? Encoding.Unicode.GetBytes("\uFEFFuser,ts\r\nu1,2026-03-01T10:00:00Z\r\n") : "user,ts\ru1,2026-03-01T10:00:00Z\r"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => Read(path));

        Assert.StartsWith($"{path}: {expected}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// An archive, another compression or a binary table given as --in: before, a ZIP (or an .xlsx workbook) was refused
    /// with its compressed bytes printed as the "header" it lacked, and a Zstandard file as a classic Mac export. Each is
    /// now named, with the step that makes it text; gzip is still read as it is.
    /// </summary>
    [Theory]
    [InlineData("zip", "a ZIP archive (an Excel .xlsx workbook is one too)")]
    [InlineData("zst", "a Zstandard-compressed file: decompress it first, e.g. zstd -d FILE")]
    [InlineData("xz", "an xz-compressed file")]
    [InlineData("bz2", "a bzip2-compressed file")]
    [InlineData("xls", "an Excel 97-2003 workbook (.xls)")]
    [InlineData("parquet", "a Parquet file")]
    public void An_archive_another_compression_or_a_binary_table_is_named_with_the_step_that_makes_it_text(string kind, string expected)
    {
        var path = _temp.File("export." + kind);
        File.WriteAllBytes(path, kind switch
        {
            "zip" => Zip("user,ts\nu1,2026-03-01T10:00:00Z\n"),
            "zst" => [0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x1D, 0xE9, 0x00, 0x00, 0x0D, 0x0A, 0x75],
            "xz" => [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04, 0xE6, 0xD6, 0xB4, 0x46],
            "bz2" => [.. "BZh91AY&SY"u8, 0x0D, 0x0A, 0x12],
            "xls" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x00, 0x0A],
            _ => [.. "PAR1"u8, 0x15, 0x04, 0x0A, 0x00, 0x00, 0x00, 0x0A, .. "PAR1"u8],
        });

        var error = Assert.Throws<InvalidDataException>(() => Read(path));

        Assert.StartsWith($"{path}: expected text (UTF-8, or gzipped UTF-8), found {expected}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A file without line breaks (one JSON array, a minified export): before, the buffer doubled until the array size
    /// limit, gigabytes later, and the import failed as an unexpected error. Lines up to the limit are read.
    /// </summary>
    [Fact]
    public void A_line_past_the_limit_is_refused_naming_it_and_one_within_it_is_read()
    {
        var path = _temp.File("one-line.json");
        var within = new string('x', 4000);
        File.WriteAllText(path, "first\n" + within + "\n" + new string('y', 9000));

        using var source = LineSource.Open(path, maxLineBytes: 4096);
        Assert.True(source.TryReadLine(out var first));
        Assert.Equal("first", Encoding.UTF8.GetString(first));
        Assert.True(source.TryReadLine(out var second));
        Assert.Equal(within, Encoding.UTF8.GetString(second));
        string? message = null;
        try
        {
            source.TryReadLine(out _);
        }
        catch (InvalidDataException e)
        {
            message = e.Message;
        }

        Assert.Equal($"{path}: line 3 runs past 4 KiB without a line break: expected one record per line (a JSON array or a file without line breaks? export it as JSON Lines or CSV).", message);
    }

    /// <summary>Text that merely starts like a signature ("PK", "BZh" as a column name) is text.</summary>
    [Theory]
    [InlineData("PKG,ts\nu1,x\n")]
    [InlineData("BZh9,ts\nu1,x\n")]
    [InlineData("PAR,ts\nu1,x\n")]
    public void Text_that_starts_like_a_signature_is_read(string text)
    {
        var path = _temp.File("near.csv");
        File.WriteAllText(path, text);

        Assert.Equal(text.TrimEnd('\n').Split('\n'), Read(path));
    }

    private static byte[] Zip(string content)
    {
        using var memory = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = new StreamWriter(archive.CreateEntry("export.csv").Open()))
        {
            entry.Write(content);
        }

        return memory.ToArray();
    }

    public void Dispose() => _temp.Dispose();

    private static List<string> Read(string path)
    {
        using var source = LineSource.Open(path);
        var lines = new List<string>();
        while (source.TryReadLine(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line));
            Assert.Equal(lines.Count, source.LineNumber);
        }

        return lines;
    }
}
