using Recommender.Core;

namespace Recommender.Import.Text;

/// <summary>
/// The ids an import writes (event, user and message ids) follow the rule the catalog and the API hold theirs to
/// (<see cref="IdText"/>): no control characters. An id with a stray tab, newline or NUL would be a second user or
/// message that looks like the first in every log, and one the API could never be asked about; its line is left out,
/// naming the field. White space at either end is the importers' own business (the CSV import trims its fields).
/// Checked on every line, so the good path allocates nothing.
/// </summary>
internal static class ImportedId
{
    /// <summary>The reason when <paramref name="id"/> holds a control character, or null.</summary>
    public static string? Problem(string field, ReadOnlySpan<char> id) => IdText.ControlProblem(id) is { } found ? Reason(field, found) : null;

    /// <summary>The same for an id still in its line's UTF-8 bytes.</summary>
    public static string? Problem(string field, ReadOnlySpan<byte> utf8) => IdText.ControlProblem(utf8) is { } found ? Reason(field, found) : null;

    private static string Reason(string field, string found) => $"{field}: expected an id of {IdText.ExpectedWithoutControl}, found {found}";
}
