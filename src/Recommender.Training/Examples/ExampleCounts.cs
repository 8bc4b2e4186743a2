namespace Recommender.Training.Examples;

/// <summary>What replaying one or more users produced, and what it had to skip.</summary>
/// <param name="Treatment">Rows from <c>message_sent</c>.</param>
/// <param name="Control">Rows from <c>decision_no_send</c> naming a held-out message.</param>
/// <param name="UnknownMessages">Sends and control decisions naming a message the catalog does not have (no features for it).</param>
/// <param name="ControlsWithoutMessage">Control decisions without a <c>message_id</c>: nothing to pair them with.</param>
/// <param name="NotChosen">Rows of messages eligible at a logged decision that chose another (<see cref="ExampleArm.NotChosen"/>).</param>
public readonly record struct ExampleCounts(long Treatment, long Control, long UnknownMessages, long ControlsWithoutMessage, long NotChosen = 0)
{
    public long Rows => Treatment + Control + NotChosen;

    public static ExampleCounts operator +(ExampleCounts a, ExampleCounts b) => new(
        a.Treatment + b.Treatment, a.Control + b.Control, a.UnknownMessages + b.UnknownMessages, a.ControlsWithoutMessage + b.ControlsWithoutMessage,
        a.NotChosen + b.NotChosen);
}
