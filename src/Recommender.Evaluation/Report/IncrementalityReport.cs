using Recommender.Evaluation.Incrementality;

namespace Recommender.Evaluation.Report;

/// <summary>
/// The global holdout's measurement over the evaluation period (<see cref="HoldoutLift"/>), or why there is none.
/// Membership comes from the catalog's holdout share and salt: a log written under another salt or share is misread.
/// </summary>
internal sealed record IncrementalityReport(double Share, string Salt, DateTime From, DateTime Until, HoldoutLift? Lift, string? Absent);
