namespace Recommender.Evaluation.Incrementality;

/// <summary>One user's outcome over a period, and whether the global holdout held the user out.</summary>
/// <param name="Goals">Goal events of the catalog's messages the user reached in the period, organic or not.</param>
/// <param name="Value">Their value (each goal event at the value of the messages that have it).</param>
public readonly record struct HoldoutUser(bool HeldOut, double Goals, double Value);
