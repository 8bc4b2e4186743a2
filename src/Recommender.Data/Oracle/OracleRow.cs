namespace Recommender.Data.Oracle;

/// <summary>
/// The true probabilities of a simulated world at one logged decision, as <c>oracle.parquet</c> holds them.
/// Only a simulation knows them; real logs have no such file.
/// </summary>
/// <param name="DecisionId">The <c>decision_id</c> of the <c>message_sent</c> or <c>decision_no_send</c> event.</param>
/// <param name="GoalIfSent">P(the message's goal within its window | the message is sent now).</param>
/// <param name="GoalIfNotSent">P(the same goal within the same window | nothing is sent now).</param>
/// <param name="Unsubscribe">P(an unsubscribe or complaint caused by sending the message now).</param>
public readonly record struct OracleRow(string DecisionId, double GoalIfSent, double GoalIfNotSent, double Unsubscribe);
