namespace Recommender.Core.Randomness;

/// <summary>
/// FNV-1a over UTF-16 code units: a string hash that, unlike <see cref="string.GetHashCode()"/>,
/// is the same in every process, so seeds derived from ids replay anywhere.
/// </summary>
public static class StableHash
{
    public static ulong Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
