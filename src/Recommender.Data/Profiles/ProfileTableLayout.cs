using Recommender.Core.Profiles;

namespace Recommender.Data.Profiles;

/// <summary>
/// Which columns a profiles file gets: the fixed columns its rows know (a column no row knows is left out; one that
/// every row knows is written as required), the extra columns by kind, and <c>valid_from</c> when rows are dated.
/// </summary>
public sealed record ProfileTableLayout
{
    /// <summary>Fixed columns written, by name (<see cref="ProfileAttributes"/>); the value says whether it is required (never with <see cref="Dated"/> rows).</summary>
    public IReadOnlyDictionary<string, bool> Fixed { get; init; } = new Dictionary<string, bool>();

    public IReadOnlyList<string> NumericColumns { get; init; } = [];

    public IReadOnlyList<string> CategoricalColumns { get; init; } = [];

    /// <summary>Rows may carry a <c>valid_from</c> instant (dated rows).</summary>
    public bool Dated { get; init; }

    /// <summary>The layout of <paramref name="profiles"/>: what they know, with company size always nullable as it always was.</summary>
    public static ProfileTableLayout Of(IReadOnlyCollection<UserProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var fixedColumns = new Dictionary<string, bool>(StringComparer.Ordinal);
        void Column(string name, Func<UserProfile, bool> known, bool canBeRequired = true)
        {
            var count = profiles.Count(known);
            if (count > 0)
            {
                fixedColumns[name] = canBeRequired && count == profiles.Count;
            }
        }

        Column(ProfileAttributes.SignupAt, p => p.SignupAt is not null);
        Column(ProfileAttributes.Country, p => p.Country is not null);
        Column(ProfileAttributes.Timezone, p => p.Timezone is not null);
        Column(ProfileAttributes.CompanySize, p => p.CompanySize is not null, canBeRequired: false);
        Column(ProfileAttributes.Plan, p => p.Plan is not null);
        return new ProfileTableLayout
        {
            Fixed = fixedColumns,
            NumericColumns = profiles.SelectMany(p => p.Numeric.Keys).Distinct().Order(StringComparer.Ordinal).ToList(),
            CategoricalColumns = profiles.SelectMany(p => p.Categorical.Keys).Distinct().Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Throws when a column name would not say unambiguously which feature it is.</summary>
    internal void Check()
    {
        var unknown = Fixed.Keys.FirstOrDefault(k => !ProfileAttributes.Fixed.Contains(k));
        if (unknown is not null)
        {
            throw new ArgumentException($"\"{unknown}\" is not a fixed profile column.", nameof(Fixed));
        }

        var clash = NumericColumns.Concat(CategoricalColumns).FirstOrDefault(ProfileColumns.Fixed.Contains)
            ?? NumericColumns.Intersect(CategoricalColumns, StringComparer.Ordinal).FirstOrDefault();
        if (clash is not null)
        {
            throw new ArgumentException(
                $"Extra profile attribute \"{clash}\" clashes with a fixed column or is both numeric and categorical.", "profiles");
        }

        if (NumericColumns.Concat(CategoricalColumns).Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Extra profile attributes need a non-empty name.", "profiles");
        }
    }
}
