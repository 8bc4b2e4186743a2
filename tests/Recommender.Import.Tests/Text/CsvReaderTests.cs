using Recommender.Import.Text;

namespace Recommender.Import.Tests.Text;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void Quoted_fields_hold_delimiters_quotes_and_line_breaks()
    {
        var path = _temp.File("a.csv");
        File.WriteAllText(path, "a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\n3,,last\n");
        using var csv = CsvReader.Open(path);

        var records = new List<string>();
        while (csv.Read(out var problem) is { } r)
        {
            Assert.Null(problem);
            records.Add($"{csv.RecordLine}: " + string.Join("|", r));
        }

        Assert.Equal(["1: a|b|c", "2: 1|x, y|say \"hi\"", "3: 2|two\nlines|", "5: 3||last"], records);
    }

    [Fact]
    public void A_quote_open_at_the_end_of_the_file_is_reported()
    {
        var path = _temp.File("a.csv");
        File.WriteAllText(path, "a,b\n1,\"never closed\n");
        using var csv = CsvReader.Open(path);
        csv.Read(out _);

        csv.Read(out var problem);

        Assert.Equal("a quoted field still open at the end of the file", problem);
    }

    [Fact]
    public void Another_delimiter_splits_fields()
    {
        var path = _temp.File("a.tsv");
        File.WriteAllText(path, "a\tb,c\n");
        using var csv = CsvReader.Open(path, '\t');

        Assert.Equal(["a", "b,c"], csv.Read(out _));
    }

    public void Dispose() => _temp.Dispose();
}
