namespace Recommender.Training.Examples;

/// <summary>Which arm of the logged decision a training example comes from.</summary>
public enum ExampleArm
{
    /// <summary>The message was sent (<c>message_sent</c>).</summary>
    Treatment,

    /// <summary>The policy held the message out and sent nothing (<c>decision_no_send</c>).</summary>
    Control,

    /// <summary>
    /// The message was eligible at a logged decision for which the policy chose another message (with another goal)
    /// or nothing: an observation of the message's goal without the message, where the log has no randomised control.
    /// </summary>
    NotChosen,
}
