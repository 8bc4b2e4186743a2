namespace Recommender.Scoring;

/// <summary>Maps a raw model score to the probability of the positive class; monotone non-decreasing.</summary>
public interface IProbabilityCalibrator
{
    float Probability(float score);
}
