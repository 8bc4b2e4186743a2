using System.Text;
using ScottPlot;

namespace Recommender.Notebooks;

/// <summary>
/// A rendered notebook: Markdown text, tables and charts, in the order the notebook adds them. Nothing is written
/// until <see cref="Write"/>, so a notebook that fails leaves the previous page (and its charts) untouched.
/// </summary>
/// <remarks>
/// The page must be the same bytes on every run over the same data: numbers are formatted by the caller (see
/// <see cref="Fmt"/>), charts are ScottPlot SVG (deterministic), and anything that may differ between runs (wall time)
/// goes through <see cref="Timing"/>, whose lines end with <see cref="TimingMarker"/> and are the only lines the
/// comparison with the committed page ignores.
/// </remarks>
public sealed class Page(string name)
{
    /// <summary>Ends every line that may change between runs of the same notebook on the same data.</summary>
    public const string TimingMarker = "<!-- timing -->";

    private readonly StringBuilder _text = new();
    private readonly List<(string File, string Svg)> _charts = [];

    /// <summary>The notebook's name; its charts go to the folder of that name beside the page.</summary>
    public string Name { get; } = name;

    /// <summary>A heading (level 1 is the page title).</summary>
    public void Heading(string text, int level = 2) => Block($"{new string('#', level)} {text}");

    /// <summary>
    /// Prose: paragraphs separated by blank lines. The lines of a paragraph are joined into one, so that a paragraph
    /// written across lines in the source reads as one line of Markdown whatever length its numbers take.
    /// </summary>
    public void Text(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var paragraphs = markdown.ReplaceLineEndings("\n").Trim().Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Block(string.Join("\n\n", paragraphs.Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))));
    }

    /// <summary>A bulleted list.</summary>
    public void Bullets(params IEnumerable<string> items) => Block(string.Join("\n", items.Select(i => "- " + i)));

    /// <summary>A fenced code block.</summary>
    public void Code(string code, string language = "bash") => Block($"```{language}\n{code.Trim()}\n```");

    /// <summary>
    /// A Markdown table. <paramref name="align"/> has one letter per column, <c>l</c> or <c>r</c> (default: the first
    /// column left, the others right, which suits a label followed by numbers).
    /// </summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? align = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        align ??= "l" + new string('r', headers.Count - 1);
        if (align.Length != headers.Count)
        {
            throw new ArgumentException($"align has {align.Length} letters for {headers.Count} columns.", nameof(align));
        }

        var lines = new List<string>
        {
            Row(headers),
            "| " + string.Join(" | ", align.Select(a => a == 'r' ? "---:" : "---")) + " |",
        };
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new ArgumentException($"A row has {row.Count} cells for {headers.Count} columns: {string.Join(", ", row)}.", nameof(rows));
            }

            lines.Add(Row(row));
        }

        Block(string.Join("\n", lines));
    }

    /// <summary>
    /// A chart: <paramref name="plot"/> as SVG in <c>NAME/FILE.svg</c> beside the page, shown inline with
    /// <paramref name="caption"/> as its alternative text.
    /// </summary>
    public void Chart(string file, Plot plot, string caption, int width = 640, int height = 400)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        ArgumentNullException.ThrowIfNull(plot);
        if (_charts.Any(c => c.File == file))
        {
            throw new ArgumentException($"The page already has a chart {file}.", nameof(file));
        }

        _charts.Add((file, plot.GetSvgXml(width, height).Trim() + "\n"));
        Block($"![{caption}]({Name}/{file}.svg)");
    }

    /// <summary>A line that may differ between runs (a duration): marked so that the page comparison skips it.</summary>
    public void Timing(string text) => Block($"_{text.Trim()}_ {TimingMarker}");

    /// <summary>The page's Markdown.</summary>
    public string Render() => _text.ToString();

    /// <summary>
    /// Writes <c>NAME.md</c> into <paramref name="directory"/> and the charts into <c>NAME/</c>, after removing the
    /// charts an earlier run left there (a chart the notebook no longer draws must not linger). Returns the page's path.
    /// </summary>
    public string Write(string directory)
    {
        var charts = Path.Combine(directory, Name);
        Directory.CreateDirectory(charts);
        foreach (var old in Directory.EnumerateFiles(charts, "*.svg"))
        {
            File.Delete(old);
        }

        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var (file, svg) in _charts)
        {
            File.WriteAllText(Path.Combine(charts, file + ".svg"), svg, utf8);
        }

        if (_charts.Count == 0)
        {
            Directory.Delete(charts);
        }

        var page = Path.Combine(directory, Name + ".md");
        File.WriteAllText(page, Render(), utf8);
        return page;
    }

    private void Block(string markdown)
    {
        if (_text.Length > 0)
        {
            _text.Append('\n');
        }

        _text.Append(markdown.ReplaceLineEndings("\n")).Append('\n');
    }

    private static string Row(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |";
}
