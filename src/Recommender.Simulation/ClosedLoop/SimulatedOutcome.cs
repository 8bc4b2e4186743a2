namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// One user's outcome in a closed-loop run: whether the catalog's global holdout held the user out, the goals of the
/// catalog's messages the user reached over the run (organic or not: what a holdout comparison measures) and their
/// value, and the world's truth of what the policy's sends added for this user.
/// </summary>
/// <param name="Value">Σ over the user's goal events of the value of the messages with that goal (one value per goal in a catalog).</param>
/// <param name="TrueIncrementalValue">Σ value × true uplift over the sends to this user, measured before each send.</param>
public sealed record SimulatedOutcome(string UserId, bool HeldOut, long Goals, double Value, double TrueIncrementalValue);
