using Recommender.Data.Validation;

namespace Recommender.Data.Profiles;

/// <summary>Counts of a profiles read, and the extra columns found and where they went.</summary>
public sealed class ProfileReadSummary : ReadSummary
{
    private readonly SortedSet<string> _numeric = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _categorical = new(StringComparer.Ordinal);

    /// <summary>Users returned: one profile each, however many rows they had.</summary>
    public long ProfilesReturned { get; internal set; }

    /// <summary>Rows with a <c>valid_from</c>, read as <c>profile_updated</c> events of their user.</summary>
    public long DatedRows { get; internal set; }

    /// <summary>Extra columns read into <see cref="Recommender.Core.Profiles.UserProfile.Numeric"/>, sorted.</summary>
    public IReadOnlyCollection<string> NumericColumns => _numeric;

    /// <summary>Extra columns read into <see cref="Recommender.Core.Profiles.UserProfile.Categorical"/>, sorted.</summary>
    public IReadOnlyCollection<string> CategoricalColumns => _categorical;

    internal void AddNumericColumn(string name) => _numeric.Add(name);

    internal void AddCategoricalColumn(string name) => _categorical.Add(name);

    internal override void Reset()
    {
        base.Reset();
        _numeric.Clear();
        _categorical.Clear();
        ProfilesReturned = 0;
        DatedRows = 0;
    }
}
