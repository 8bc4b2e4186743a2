using Recommender.Training.Examples;

namespace Recommender.Training;

/// <summary>What <see cref="FeaturesJob"/> takes besides the data.</summary>
public sealed record FeaturesOptions
{
    /// <summary>Product event types to count in windows, besides the catalog's goal events; null to take the most frequent ones.</summary>
    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>Without <see cref="EventTypes"/>: how many of the most frequent product event types to count.</summary>
    public int TopEventTypes { get; init; } = SchemaInference.DefaultTopEventTypes;

    /// <summary>Whether the schema has the time and channel features (<see cref="TrainingOptions.TimeAndChannelFeatures"/>); training on the shards must say the same.</summary>
    public bool TimeAndChannelFeatures { get; init; }

    /// <summary>Threads building examples; null for the pipeline's default (one per core but one).</summary>
    public int? Workers { get; init; }

    /// <summary>Where temporary partition files go if the events are not grouped by user; null for the system temp folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Throws naming the first option out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(TopEventTypes, nameof(TopEventTypes));
        if (Workers is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "must be positive.");
        }
    }
}
