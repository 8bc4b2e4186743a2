using Recommender.Core.Randomness;

namespace Recommender.Training.Examples;

/// <summary>
/// Decides, row by row as an <see cref="ExampleTable"/> fills, which rows with no positive label to keep: each with
/// probability <see cref="Rate"/>, by a seeded hash of the user and the decision time, and a kept one then counts
/// <c>1 / rate</c> in the fit (<see cref="Weight"/>), so the weighted rows have the full data's label rates in
/// expectation and the trees' scores stay calibrated. Only what the fit needs is thinned; the rest stays whole:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Rows with a positive label (a goal, an unsubscribe or complaint) are all kept: they are the scarce ones.</item>
/// <item>Sends and hold-outs are thinned by the same rule at the same rate, so the weighted treated-against-control
/// comparison the uplift comes from is the full data's in expectation.</item>
/// <item>Calibration users' rows are all kept (the calibrators are fitted unweighted on them), by the same seeded rule
/// as <see cref="ModelRows.Split"/>.</item>
/// <item>Rows that may fall in the validation window are all kept, so the manifest's metrics are measured on the same
/// rows as without sampling. The window ends at the log's last event, which is known only when the replay is done;
/// the latest decision time met so far is a lower bound of it, so a row earlier than that bound minus the validation
/// days is certainly before the window. <see cref="CheckWindow"/> verifies it once the window is known.</item>
/// </list>
/// The decision depends on the rows offered before (through that bound) and on the seed only, and rows are offered in
/// the replay's order, which does not depend on threads or on partitioning: the same data and seed keep the same rows.
/// </remarks>
internal sealed class NegativeSampler
{
    /// <summary>Separates this draw from the other seeded draws of a user (the calibration split among them).</summary>
    private const ulong Salt = 0x6E65675F73616D70; // "neg_samp"

    private readonly ulong _seed;
    private readonly int _calibrationSeed;
    private readonly double _calibrationFraction;
    private readonly TimeSpan _validation;
    private DateTime _latest = DateTime.MinValue;
    private string? _user;
    private bool _userCalibrates;

    public NegativeSampler(double rate, int seed, double calibrationFraction, int validationDays)
    {
        if (rate is <= 0 or >= 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "must be strictly between 0 and 1: at 1 there is nothing to sample.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(validationDays);
        Rate = rate;
        Weight = (float)(1 / rate);
        _seed = DeterministicRandom.Mix((ulong)seed, Salt);
        _calibrationSeed = seed;
        _calibrationFraction = calibrationFraction;
        _validation = TimeSpan.FromDays(validationDays);
    }

    /// <summary>Probability with which a row with no positive label, before the validation window and of a fitting user, is kept.</summary>
    public double Rate { get; }

    /// <summary>The fit weight of a row kept by the draw: <c>1 / rate</c>.</summary>
    public float Weight { get; }

    /// <summary>Rows with no positive label that the draw applied to.</summary>
    public long Drawn { get; private set; }

    /// <summary>Of <see cref="Drawn"/>, the rows kept (each weighing <see cref="Weight"/>).</summary>
    public long Kept { get; private set; }

    /// <summary>The latest decision time of a dropped row; <see cref="DateTime.MinValue"/> when none was dropped.</summary>
    public DateTime LatestDropped { get; private set; } = DateTime.MinValue;

    /// <summary>What to do with the next row: keep it as it is, keep it with weight <c>1 / rate</c>, or drop it.</summary>
    public SampledRow Decide(string userId, DateTime sentAt, bool anyPositive)
    {
        if (sentAt > _latest)
        {
            _latest = sentAt;
        }

        if (anyPositive || !BeforeValidation(sentAt) || Calibrates(userId))
        {
            return SampledRow.Kept;
        }

        Drawn++;
        var key = DeterministicRandom.Mix(StableHash.Of(userId), (ulong)sentAt.Ticks);
        if (DeterministicRandom.For(_seed, key).NextDouble() < Rate)
        {
            Kept++;
            return SampledRow.Weighted;
        }

        LatestDropped = sentAt;
        return SampledRow.Dropped;
    }

    /// <summary>
    /// Whether a row at <paramref name="sentAt"/>, offered after every row so far, is certainly before the validation
    /// window: no validation row, so nothing will look up its decision id.
    /// </summary>
    public bool BeforeValidation(DateTime sentAt) => sentAt < _latest - _validation;

    /// <summary>Refuses a window that would place a dropped row in validation; cannot happen while rows are decisions of the log.</summary>
    /// <exception cref="InvalidOperationException">A dropped row is inside the validation window.</exception>
    public void CheckWindow(DateTime validationFrom)
    {
        if (LatestDropped >= validationFrom)
        {
            throw new InvalidOperationException(
                $"Negative sampling dropped a row at {LatestDropped:O}, inside the validation window from {validationFrom:O}: a decision later than the log's last event. Train without sampling (--negative-rate 1).");
        }
    }

    private bool Calibrates(string userId)
    {
        // A user's rows come together, so the last user's answer is reused; a user met again is only recomputed.
        if (!string.Equals(_user, userId, StringComparison.Ordinal))
        {
            _user = userId;
            _userCalibrates = ModelRows.IsCalibrationUser(userId, _calibrationFraction, _calibrationSeed);
        }

        return _userCalibrates;
    }
}
