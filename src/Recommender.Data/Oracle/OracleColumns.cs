using Parquet.Schema;

namespace Recommender.Data.Oracle;

/// <summary>The columns of <c>oracle.parquet</c>, shared by its writer and reader.</summary>
internal static class OracleColumns
{
    public static readonly DataField<string> DecisionId = new("decision_id", false);
    public static readonly DataField<double> GoalIfSent = new("p_goal_send", false);
    public static readonly DataField<double> GoalIfNotSent = new("p_goal_nosend", false);
    public static readonly DataField<double> Unsubscribe = new("p_unsubscribe", false);

    public static readonly ParquetSchema Schema = new(DecisionId, GoalIfSent, GoalIfNotSent, Unsubscribe);
}
