namespace Recommender.Simulation;

/// <summary>
/// Size, seed and behaviour knobs of the synthetic world. Defaults give a realistic log: about
/// 1.5 product events per user-day, a message every two to three days, 15% control decisions.
/// </summary>
public sealed record WorldOptions
{
    public int Users { get; init; } = 2_000;

    public int Days { get; init; } = 60;

    public ulong Seed { get; init; } = 7;

    /// <summary>First instant of the simulated period (UTC midnight).</summary>
    public DateTime Start { get; init; } = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Users sign up uniformly between <see cref="Start"/> and this many days before the end.</summary>
    public int SignupTailDays { get; init; } = 7;

    /// <summary>Probability that the logging policy runs a campaign decision for a user on a given day.</summary>
    public double DailyDecisionProbability { get; init; } = 0.5;

    /// <summary>
    /// Share of logging-policy decisions held out as "send nothing" (the control arm). 0 gives the log most real
    /// campaign tools keep: every decision sends, and no randomised control group exists.
    /// </summary>
    public double ControlRate { get; init; } = 0.15;

    /// <summary>
    /// Whether users unsubscribe and complain at all. False gives a log without opt-outs (many exports have none);
    /// every random draw stays where it was, so the rest of the world is the same.
    /// </summary>
    public bool OptOuts { get; init; } = true;

    /// <summary>
    /// From this day of the period on, behaviour shifts: users are far more active (the product's feature mix drifts)
    /// and messages move them far less (a model trained before the shift is miscalibrated after it). Null (the default)
    /// keeps the world stationary. For testing that monitoring notices a live model going stale.
    /// </summary>
    public int? ShiftAtDay { get; init; }

    /// <summary>Whether <paramref name="at"/> falls after the behaviour shift (<see cref="ShiftAtDay"/>).</summary>
    public bool IsShifted(DateTime at) => ShiftAtDay is { } day && at >= Start.AddDays(day);

    /// <summary>Share of the logging policy's choices spread uniformly over eligible messages.</summary>
    public double LoggingExploration { get; init; } = 0.3;

    /// <summary>How fast fatigue decays: e-folding time in days.</summary>
    public double FatigueHalfLifeDays { get; init; } = 3;

    public DateTime End => Start.AddDays(Days);

    /// <summary>Throws with the name of the first option out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Users, nameof(Users));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Days, nameof(Days));
        ArgumentOutOfRangeException.ThrowIfNegative(SignupTailDays, nameof(SignupTailDays));
        if (SignupTailDays >= Days)
        {
            throw new ArgumentOutOfRangeException(nameof(SignupTailDays), SignupTailDays, $"must be smaller than Days ({Days}).");
        }

        CheckProbability(DailyDecisionProbability, nameof(DailyDecisionProbability));
        CheckProbability(ControlRate, nameof(ControlRate));
        CheckProbability(LoggingExploration, nameof(LoggingExploration));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FatigueHalfLifeDays, nameof(FatigueHalfLifeDays));
        if (Start.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Start must be a UTC instant.", nameof(Start));
        }
    }

    private static void CheckProbability(double value, string name)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a probability in [0, 1].");
        }
    }
}
