namespace Recommender.Decisioning.Timing;

/// <summary>
/// How far ahead a decision may place its send, and in which steps. A request without options (null) is a "now only"
/// decision: the message's own channel, at the decision instant, exactly as before sends could be scheduled.
/// </summary>
public sealed record SendTimeOptions
{
    /// <summary>The longest look-ahead a request may ask for (a week): the rules' windows and the user's hours repeat weekly.</summary>
    public const double MaxLookAheadHours = 168;

    /// <summary>The window searched for the best instant, from the decision instant on (default 24 h).</summary>
    public double LookAheadHours { get; init; } = 24;

    /// <summary>The step between candidate instants (default 1 h): 24 slots over the default look-ahead.</summary>
    public double SlotHours { get; init; } = 1;

    /// <summary>
    /// What an hour of waiting costs, as a share of the expected value (default 1 %): the goal may happen on its own
    /// meanwhile, or the moment pass. It makes "now" win over a later slot that is only as good, and a later slot win
    /// only when the user is clearly more responsive then.
    /// </summary>
    public double DelayCostPerHour { get; init; } = 0.01;

    /// <summary>Number of candidate instants: the decision instant and every step before the end of the look-ahead.</summary>
    public int SlotCount => Math.Max(1, (int)Math.Ceiling(LookAheadHours / SlotHours - 1e-9));

    /// <summary>Checks the options; the message names the field, what was expected and what was found.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (!(LookAheadHours is >= 0 and <= MaxLookAheadHours))
        {
            throw new ArgumentException($"look_ahead_hours: expected a number of hours from 0 to {MaxLookAheadHours}, found {LookAheadHours}.");
        }

        if (!(SlotHours is >= 0.25 and <= MaxLookAheadHours))
        {
            throw new ArgumentException($"slot_hours: expected a number of hours from 0.25 to {MaxLookAheadHours}, found {SlotHours}.");
        }

        if (!(DelayCostPerHour is >= 0 and < 1))
        {
            throw new ArgumentException($"delay_cost_per_hour: expected a share in [0, 1), found {DelayCostPerHour}.");
        }
    }
}
