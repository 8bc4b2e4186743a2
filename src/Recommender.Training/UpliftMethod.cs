namespace Recommender.Training;

/// <summary>How the bundle estimates P(goal | send nothing), and so the uplift the decision rule ranks by.</summary>
public enum UpliftMethod
{
    /// <summary>
    /// Two models (a "T-learner"): the propensity model learns P(goal | send) on sends only, a control model learns
    /// P(goal | send nothing) on the control decisions only. Each arm's probability is learnt from that arm alone, so
    /// the difference is not pulled towards zero; it is noisier per row because the control arm is small, and its uplift
    /// correlates less with the truth than <see cref="TreatmentInput"/>'s (docs/results.md, "Training").
    /// </summary>
    TwoModels,

    /// <summary>
    /// One model (an "S-learner") on sends and control rows with an <c>is_treatment</c> input, scored with it at 1 and
    /// at 0. Uses every row for both arms, but the trees express the send's effect only through splits on that one
    /// input, which in principle shrinks the uplift towards zero. On the synthetic world it does not once the goal label
    /// stops at the next decision for the same goal (docs/results.md, "The goal label cut at the next decision").
    /// </summary>
    TreatmentInput,
}
