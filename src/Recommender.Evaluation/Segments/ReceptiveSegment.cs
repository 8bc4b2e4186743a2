namespace Recommender.Evaluation.Segments;

/// <summary>
/// One leaf of the uplift tree, as an analyst reads it: who (the conditions in words), how many, what the model
/// predicts the messages add for them, and what the randomised hold-outs among them show.
/// </summary>
/// <param name="UserShare">Share of the validation rows' users who fall in the segment (a user can fall in several).</param>
/// <param name="ObservedUplift">Goal rate of the sends minus that of the hold-outs in the segment; null with fewer than 10 of either.</param>
internal sealed record ReceptiveSegment(
    string Description,
    int Rows,
    int Users,
    double UserShare,
    double PredictedUplift,
    int Sends,
    int Holdouts,
    double? ObservedUplift,
    double? CiLow,
    double? CiHigh);
