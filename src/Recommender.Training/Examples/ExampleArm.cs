namespace Recommender.Training.Examples;

/// <summary>Which arm of the logged decision a training example comes from.</summary>
public enum ExampleArm
{
    /// <summary>The message was sent (<c>message_sent</c>).</summary>
    Treatment,

    /// <summary>The policy held the message out and sent nothing (<c>decision_no_send</c>).</summary>
    Control,
}
