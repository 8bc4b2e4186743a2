namespace Recommender.Evaluation.Incrementality;

/// <summary>A per-user mean in each group and the messaged group's lift over the holdout, with its 95 % interval.</summary>
public sealed record GroupDifference(double Messaged, double HeldOut, double Lift, double CiLow, double CiHigh);
