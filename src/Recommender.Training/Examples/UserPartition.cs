using System.Globalization;
using Recommender.Core.Randomness;

namespace Recommender.Training.Examples;

/// <summary>
/// Partition <see cref="Index"/> of <see cref="Count"/> of the users, by a stable hash of the user id (the same hash
/// <see cref="UserPartitions"/> spreads events with): what <c>recommender features --partition i/N</c> builds, so that N
/// machines build the examples of one log in parallel, each reading the whole log and replaying only its users.
/// </summary>
public readonly record struct UserPartition(int Index, int Count)
{
    /// <summary>Every user: the unpartitioned run.</summary>
    public static UserPartition All { get; } = new(0, 1);

    public bool Contains(string userId) => Count == 1 || (int)(StableHash.Of(userId) % (ulong)Count) == Index;

    /// <summary>The file name stem of this partition's shard: <c>part-0001-of-0003</c>.</summary>
    public string ShardName => string.Create(CultureInfo.InvariantCulture, $"part-{Index:D4}-of-{Count:D4}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Reads <c>i/N</c>: 0 ≤ i &lt; N, N ≥ 1 (as Kubernetes numbers an Indexed Job's pods, from 0).</summary>
    /// <exception cref="FormatException">The text is not <c>i/N</c> with 0 ≤ i &lt; N; the message says what was expected.</exception>
    public static UserPartition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new FormatException($"--partition must be i/N with whole numbers, e.g. 0/3 for the first of three partitions (got '{text}').");
        }

        if (count < 1 || index >= count)
        {
            throw new FormatException(
                $"--partition {text}: the index counts from 0 and must be below the partition count (0/{Math.Max(count, 1)} to {Math.Max(count, 1) - 1}/{Math.Max(count, 1)}), and the count must be at least 1.");
        }

        return new UserPartition(index, count);
    }
}
