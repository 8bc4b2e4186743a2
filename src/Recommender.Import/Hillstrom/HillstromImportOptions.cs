using Recommender.Import.Output;

namespace Recommender.Import.Hillstrom;

/// <summary>What <c>recommender import hillstrom</c> reads and how it lays the campaign out in time and splits it.</summary>
public sealed record HillstromImportOptions
{
    /// <summary>The challenge's <c>hillstrom.csv</c>.</summary>
    public required string Input { get; init; }

    /// <summary>The data folder; with <see cref="HoldoutShare"/> above 0, the folder holding <c>train/</c> and <c>holdout/</c>.</summary>
    public required string Output { get; init; }

    /// <summary>Share of the customers written to <c>holdout/</c> instead of <c>train/</c>, by a salted hash of the customer. 0 writes one folder.</summary>
    public double HoldoutShare { get; init; }

    /// <summary>Salt of the split: another salt, another (equally random) split.</summary>
    public string Salt { get; init; } = "hillstrom";

    /// <summary>The first day the campaign's e-mails go out (the data has no dates).</summary>
    public DateTime Start { get; init; } = new(2008, 3, 3, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Days over which the decisions are spread, a customer's instant fixed by a hash of the customer. Default 364: train
    /// validates on the log's last days and trains only on decisions whose two-week window closed before them, so a
    /// year keeps about nine in ten decisions for training with <c>--validation-days 28</c> (twelve weeks kept six).
    /// </summary>
    public int Days { get; init; } = 364;

    public ImportOptions Write { get; init; } = new();

    /// <summary>Throws, naming the option, when one is out of range.</summary>
    public void Validate()
    {
        if (HoldoutShare is < 0 or >= 1 || double.IsNaN(HoldoutShare))
        {
            throw new ArgumentOutOfRangeException(nameof(HoldoutShare), HoldoutShare, "The held-out share must be in [0, 1).");
        }

        if (Days < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Days), Days, "The decisions need at least one day.");
        }

        if (string.IsNullOrEmpty(Salt))
        {
            throw new ArgumentException("The split needs a salt.", nameof(Salt));
        }

        Write.Validate();
    }
}
