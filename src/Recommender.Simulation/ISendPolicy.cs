namespace Recommender.Simulation;

/// <summary>
/// Whatever decides what the world's users are sent: the logging policy that produced the historical log,
/// or (closed-loop simulation) any policy under test. Called at each decision point in time order.
/// </summary>
public interface ISendPolicy
{
    PolicyDecision Decide(DecisionContext context);
}
