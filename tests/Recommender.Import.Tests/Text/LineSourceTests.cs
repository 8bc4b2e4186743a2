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
