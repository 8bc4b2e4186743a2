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
