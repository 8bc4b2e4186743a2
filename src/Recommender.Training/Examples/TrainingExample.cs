namespace Recommender.Training.Examples;

/// <summary>
/// One labelled row, as a record: handy for tests and small jobs. The pipeline keeps rows in the columnar
/// <see cref="ExampleBlock"/> instead and never materialises these.
/// </summary>
/// <param name="Propensity">Probability with which the logging policy took this action, when the log carries it.</param>
/// <param name="LabelGoal">The message's goal event happened in (<c>SentAt</c>, <c>SentAt</c> + goal window].</param>
/// <param name="LabelUnsubscribe">An unsubscribe or complaint happened in (<c>SentAt</c>, <c>SentAt</c> + fatigue window]; always false on control rows.</param>
public sealed record TrainingExample(
    string UserId,
    string MessageId,
    DateTime SentAt,
    ExampleArm Arm,
    string? DecisionId,
    double? Propensity,
    float[] Features,
    bool LabelGoal,
    bool LabelUnsubscribe);
