using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.Evaluation.Report;

/// <summary>
/// A small HTML builder for the report. Every number goes through <see cref="Number"/>, which tags it with the JSON
/// pointer of the same number in <c>report.json</c> and its exact value, so a test (or an analyst's script) can check
/// that the page shows what the JSON holds.
/// </summary>
internal sealed partial class HtmlWriter
{
    private readonly StringBuilder _html = new();

    public HtmlWriter Raw(string html)
    {
        _html.Append(html);
        return this;
    }

    public HtmlWriter Text(string text)
    {
        _html.Append(WebUtility.HtmlEncode(text));
        return this;
    }

    /// <summary>&lt;tag&gt;text&lt;/tag&gt;, the text escaped.</summary>
    public HtmlWriter Element(string tag, string text, string? attributes = null)
    {
        _html.Append('<').Append(tag);
        if (attributes is not null)
        {
            _html.Append(' ').Append(attributes);
        }

        _html.Append('>').Append(WebUtility.HtmlEncode(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>A table cell holding the number at <paramref name="pointer"/> in report.json; "–" for null (undefined).</summary>
    public HtmlWriter Number(string pointer, double? value, string format = "F4", string tag = "td")
    {
        var exact = value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "null";
        var shown = value is { } w ? w.ToString(format, CultureInfo.InvariantCulture) : "–";
        _html.Append('<').Append(tag).Append(" class=\"num\" data-json=\"").Append(WebUtility.HtmlEncode(pointer))
            .Append("\" data-value=\"").Append(exact).Append("\">").Append(shown).Append("</").Append(tag).Append('>');
        return this;
    }

    public HtmlWriter Count(string pointer, long? value, string tag = "td") => Number(pointer, value, "N0", tag);

    public HtmlWriter Cell(string text, string tag = "td") => Element(tag, text);

    public HtmlWriter Header(params string[] columns)
    {
        _html.Append("<thead><tr>");
        foreach (var c in columns)
        {
            _html.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        }

        _html.Append("</tr></thead>\n");
        return this;
    }

    /// <summary>An inline SVG chart in a figure with an id, so that a reader (and the browser test) can find it.</summary>
    public HtmlWriter Chart(string id, string svg, string caption)
    {
        _html.Append("<figure class=\"chart\" id=\"").Append(id).Append("\">\n").Append(ScopeIds(id, svg)).Append("\n<figcaption>")
            .Append(WebUtility.HtmlEncode(caption)).Append("</figcaption>\n</figure>\n");
        return this;
    }

    /// <summary>
    /// Prefixes the SVG's element ids (clip paths) and the references to them with the chart's id: inline SVGs share
    /// the page's one id namespace, and two charts defining the same clip-path id would clip each other's plots.
    /// </summary>
    public static string ScopeIds(string chartId, string svg) => SvgIdReference().Replace(
        svg, m => $"{m.Groups["before"].Value}{chartId}-{m.Groups["id"].Value}{m.Groups["after"].Value}");

    [GeneratedRegex("(?<before>id=\"|url\\(#|href=\"#)(?<id>[A-Za-z_][\\w.-]*)(?<after>[\")])")]
    private static partial Regex SvgIdReference();

    /// <summary>Escapes a JSON pointer reference token (RFC 6901): '~' as ~0 and '/' as ~1.</summary>
    public static string Token(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public override string ToString() => _html.ToString();
}
