using System.Globalization;

namespace Recommender.Core.Profiles;

/// <summary>
/// One value of a profile attribute at one instant: a text (a categorical attribute), a number (numeric), or
/// <see cref="Cleared"/> (the attribute is unknown from then on: a JSON <c>null</c> in a <c>profile_updated</c>).
/// </summary>
public readonly record struct ProfileValue
{
    private ProfileValue(ProfileValueKind kind, string? text, double number)
    {
        Kind = kind;
        Text = text;
        Number = number;
    }

    public static ProfileValue Cleared => default;

    public ProfileValueKind Kind { get; }

    /// <summary>The text of a <see cref="ProfileValueKind.Text"/> value; null otherwise.</summary>
    public string? Text { get; }

    /// <summary>The number of a <see cref="ProfileValueKind.Number"/> value; 0 otherwise.</summary>
    public double Number { get; }

    public static ProfileValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(ProfileValueKind.Text, text, 0);
    }

    public static ProfileValue Of(double number) => new(ProfileValueKind.Number, null, number);

    /// <summary>
    /// A total order (kind, then text ordinally or number), so that two values of one attribute at the same instant
    /// resolve the same way whatever order their events arrived in: the greater one holds.
    /// </summary>
    public int CompareTo(ProfileValue other)
    {
        var byKind = Kind.CompareTo(other.Kind);
        if (byKind != 0)
        {
            return byKind;
        }

        return Kind switch
        {
            ProfileValueKind.Text => string.CompareOrdinal(Text, other.Text),
            ProfileValueKind.Number => Number.CompareTo(other.Number),
            _ => 0,
        };
    }

    public override string ToString() => Kind switch
    {
        ProfileValueKind.Text => Text!,
        ProfileValueKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        _ => "(cleared)",
    };
}
