using Recommender.Evaluation.OffPolicy;

namespace Recommender.Evaluation;

/// <summary>
/// Everything besides the data and the bundles that decides what <c>recommender evaluate</c> reports. Its canonical
/// JSON is hashed into the report's configuration hash: the same data, bundles and options give the same report.
/// </summary>
public sealed record EvaluationOptions
{
    /// <summary>Seed of the permutation importance and of the bootstrap. Default 7.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>
    /// The last this many days of the log are the validation window, as in training (default 14): the models are
    /// measured on exactly the rows <c>train</c> validated on, and the policies on the decisions of that window.
    /// </summary>
    public int ValidationDays { get; init; } = 14;

    /// <summary>
    /// Measure on every logged decision of the data instead of its last <see cref="ValidationDays"/>: for a bundle
    /// evaluated on other data than it was trained on (a held-out half of the users, another campaign). Refused on the
    /// bundle's own training data, whose rows it has seen. Default false.
    /// </summary>
    public bool WholeLog { get; init; }

    /// <summary>Bootstrap resamples behind every interval and the champion/challenger verdict. Default 1,000.</summary>
    public int BootstrapResamples { get; init; } = 1_000;

    /// <summary>Importance weights above this are clipped (null: none, the default, so that IPS stays unbiased).</summary>
    public double? MaxWeight { get; init; }

    /// <summary>
    /// Rows (a seeded subsample of the validation rows) the permutation importance scores. Default 2,000: every feature
    /// permuted costs a scoring of every row (160 features × 2,000 rows × 2 models is about 650,000 scorings, a few
    /// seconds), and 2,000 rows resolve AUC drops of about 0.01, enough to rank the top 20.
    /// </summary>
    public int ImportanceRows { get; init; } = 2_000;

    /// <summary>Features listed in the permutation importance table. Default 20.</summary>
    public int ImportanceTop { get; init; } = 20;

    /// <summary>
    /// Seed of the candidate policy's exploration draw (<c>DecisionEngine</c>'s, keyed by the logged decision id): the
    /// same as serving's default, 0, so that a replayed decision draws what the served engine would have drawn.
    /// </summary>
    public ulong ExplorationSeed { get; init; }

    /// <summary>
    /// When set, the replayed policies decide when and on which channel too, over this many hours ahead in hourly slots
    /// (as the API's <c>send_time</c>), and each logged send is weighed by their probability of its logged instant and
    /// channel. Null: the policies decide "now only" and choose messages.
    /// </summary>
    public double? LookAheadHours { get; init; }

    internal Decisioning.Timing.SendTimeOptions? SendTime => LookAheadHours is { } hours ? new() { LookAheadHours = hours } : null;

    /// <summary>Throws, naming the option, when one is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ValidationDays, nameof(ValidationDays));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ImportanceRows, nameof(ImportanceRows));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ImportanceTop, nameof(ImportanceTop));
        SendTime?.Validate();
        OffPolicy().Validate();
    }

    /// <summary>The estimators' options: the same seed for every estimator and policy, so that intervals differ by estimator, not by luck.</summary>
    internal OffPolicyOptions OffPolicy() => new()
    {
        BootstrapResamples = BootstrapResamples,
        MaxWeight = MaxWeight,
        Seed = (ulong)Seed,
    };
}
