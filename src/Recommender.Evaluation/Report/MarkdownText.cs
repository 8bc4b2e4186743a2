using System.Text;

namespace Recommender.Evaluation.Report;

/// <summary>
/// Text from the data (message ids in notices and warnings, a catalog's names) written into <c>summary.md</c>: every
/// character Markdown or its HTML would read as syntax is escaped, and line breaks become spaces, so that an id holding
/// <c>|</c>, <c>*</c> or <c>&lt;script&gt;</c> reads as itself and cannot split a table row or add markup where the
/// summary is rendered (a pull request, a chat message).
/// </summary>
internal static class MarkdownText
{
    // CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones that start syntax inline or
    // in a table cell (an entity with '&', a raw HTML tag with '<').
    private const string Special = "\\`*_[]<>|&#!~";

    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var md = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\u2028' or '\u2029')
            {
                md.Append(' ');
            }
            else
            {
                if (Special.Contains(c))
                {
                    md.Append('\\');
                }

                md.Append(c);
            }
        }

        return md.ToString();
    }
}
