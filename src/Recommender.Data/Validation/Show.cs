using System.Globalization;

namespace Recommender.Data.Validation;

/// <summary>Renders found values for issue messages: quoted, shortened, unambiguous about null and empty.</summary>
internal static class Show
{
    private const int MaxTextLength = 80;

    public static string Text(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        if (value.Length == 0)
        {
            return "an empty string";
        }

        var shown = value.Length > MaxTextLength ? value[..MaxTextLength] + "…" : value;
        return $"\"{shown}\"";
    }

    public static string Time(DateTime value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"a", "b" and "c" (at most <paramref name="max"/> names, then "and N more").</summary>
    public static string List(IEnumerable<string> values, int max = 10)
    {
        var all = values.ToList();
        var shown = string.Join(", ", all.Take(max).Select(v => $"\"{v}\""));
        return all.Count > max ? $"{shown} and {all.Count - max} more" : shown;
    }
}
