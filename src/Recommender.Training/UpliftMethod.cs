namespace Recommender.Training;

/// <summary>How the bundle estimates P(goal | send nothing), and so the uplift the decision rule ranks by.</summary>
public enum UpliftMethod
{
    /// <summary>
    /// Two models (a "T-learner"): the propensity model learns P(goal | send) on sends only, a control model learns
    /// P(goal | send nothing) on the control decisions only. Each arm's probability is learnt from that arm alone, so
    /// the difference is not pulled towards zero; it is noisier per row because the control arm is small (on the
    /// 20,000-user world: uplift correlation with the truth 0.56, against 0.65 for <see cref="TreatmentInput"/>).
    /// </summary>
    TwoModels,

    /// <summary>
    /// One model (an "S-learner") on sends and control rows with an <c>is_treatment</c> input, scored with it at 1 and
    /// at 0. Uses every row for both arms, but the trees express the send's effect only through splits on that one
    /// input, which in principle shrinks the uplift towards zero. Measured on the 20,000-user world it does not
    /// here once the goal label stops at the next decision for the same goal (mean 0.075 against a true 0.055).
    /// </summary>
    TreatmentInput,
}
