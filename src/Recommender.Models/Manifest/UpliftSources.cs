namespace Recommender.Models.Manifest;

/// <summary>The values of <see cref="BundleUplift.Source"/>.</summary>
public static class UpliftSources
{
    /// <summary>Randomised "send nothing" decisions (<c>decision_no_send</c>): the cleanest identification.</summary>
    public const string RandomizedControl = "randomized_control";

    /// <summary>
    /// Messages eligible at logged decisions where the policy chose another message (for another goal) or nothing,
    /// weighted by the logging policy's propensities: what a log without a control group still identifies.
    /// </summary>
    public const string NotChosen = "not_chosen";

    /// <summary>
    /// Nothing identifies the no-send baseline: response mode, ranking by P(goal | send) × value − fatigue cost. The API's
    /// exploration (which logs "send nothing" decisions) collects the control data a later bundle can use.
    /// </summary>
    public const string None = "none";
}
