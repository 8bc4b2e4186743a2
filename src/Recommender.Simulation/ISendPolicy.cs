using Recommender.Core.Catalog;

namespace Recommender.Simulation;

/// <summary>
/// Whatever decides what the world's users are sent: the logging policy that produced the historical log,
/// or (closed-loop simulation) any policy under test. Called at each decision point in time order.
/// </summary>
public interface ISendPolicy
{
    PolicyDecision Decide(DecisionContext context);

    /// <summary>
    /// Called when a send this policy chose goes out, with the world as of the delivery instant and the message on the
    /// channel it goes out on: right after <see cref="Decide"/> for a send now, at the scheduled instant otherwise.
    /// Not called for a scheduled send the user opted out of before its instant.
    /// </summary>
    void Delivered(DecisionContext context, MessageDefinition sent)
    {
    }
}
