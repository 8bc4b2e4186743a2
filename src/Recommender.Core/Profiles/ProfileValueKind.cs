namespace Recommender.Core.Profiles;

/// <summary>What a <see cref="ProfileValue"/> holds. The order is the tie-break of <see cref="ProfileValue.CompareTo"/>.</summary>
public enum ProfileValueKind : byte
{
    Cleared = 0,
    Text = 1,
    Number = 2,
}
