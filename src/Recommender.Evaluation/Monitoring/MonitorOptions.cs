namespace Recommender.Evaluation.Monitoring;

/// <summary>What <c>recommender monitor</c> measures over and where it draws its attention lines.</summary>
public sealed record MonitorOptions
{
    /// <summary>Length of each monitored window in days. Default 7: a week evens out the days of the week.</summary>
    public int WindowDays { get; init; } = 7;

    /// <summary>
    /// A window with fewer decisions (for drift) or sends (for calibration) is shown but not judged. Default 200: below
    /// it PSI's small-sample bias approaches the watch line and a goal rate's interval is too wide to say anything.
    /// </summary>
    public int MinimumRows { get; init; } = 200;

    /// <summary>PSI from which a feature is marked "watch". Default 0.1, the usual "some shift" line.</summary>
    public double PsiWatch { get; init; } = 0.1;

    /// <summary>PSI from which a feature has shifted and the window needs attention. Default 0.25, the usual "major shift" line.</summary>
    public double PsiAttention { get; init; } = 0.25;

    /// <summary>
    /// A window's calibration needs attention when the mean prediction lies outside the observed rate's 95 % interval
    /// and differs from it by more than this share of the larger of the two. Default 0.25: a model a quarter off on its
    /// own scale misranks value against unsubscribe risk, while small, significant gaps on big windows are not worth a
    /// retrain on their own.
    /// </summary>
    public double CalibrationGap { get; init; } = 0.25;

    /// <summary>Features listed as a window's top movers. Default 5.</summary>
    public int TopMovers { get; init; } = 5;

    /// <summary>Seed of the replayed engine's exploration draw (the send volume without a decision log), as <see cref="EvaluationOptions.ExplorationSeed"/>.</summary>
    public ulong ExplorationSeed { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WindowDays);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinimumRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TopMovers);
        if (!(PsiWatch > 0 && PsiAttention >= PsiWatch))
        {
            throw new ArgumentException($"The PSI lines must satisfy 0 < watch ({PsiWatch}) ≤ attention ({PsiAttention}).");
        }

        if (!(CalibrationGap > 0 && CalibrationGap < 1))
        {
            throw new ArgumentException($"CalibrationGap must lie between 0 and 1 (exclusive), not {CalibrationGap}.");
        }
    }
}
