namespace Recommender.Data.Tests.DecisionLogs;

/// <summary>
/// Three valid logged decisions as raw columns (a send, a no-send below the threshold, a no-send without state). A test
/// breaks one cell or swaps one column, then writes the file with <see cref="RawParquet"/>.
/// </summary>
internal sealed class DecisionLogRows
{
    public static readonly DateTime T0 = new(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc);

    public string?[] DecisionId { get; } = ["d0", "d1", "d2"];

    public string?[] UserId { get; } = ["u0", "u1", "u1"];

    public DateTime?[] AsOf { get; } = [T0, T0.AddMinutes(1), T0.AddMinutes(2)];

    public string?[] Channel { get; } = ["email", null, "email"];

    public string?[] MessageId { get; } = ["welcome", null, null];

    public string?[] Reason { get; } = ["best_expected_value", "below_threshold", "state_unavailable"];

    public double?[] Propensity { get; } = [0.9, 0.9, 1];

    public string?[] ModelVersion { get; } = ["m@1", "m@1", null];

    public string?[] Distribution { get; } =
    [
        """{"welcome":0.9,"tips":0.05,"(none)":0.05}""",
        """{"tips":0.1,"(none)":0.9}""",
        """{"(none)":1}""",
    ];

    public string?[] Scores { get; } =
    [
        """[{"message_id":"welcome","tier":1,"p_goal_send":0.4,"p_goal_no_send":0.2,"uplift":0.2,"p_unsubscribe":0.01,"value":10,"expected_value":1.8},{"message_id":"tips","tier":1,"p_goal_send":0.1,"p_goal_no_send":0.1,"uplift":0,"p_unsubscribe":0.01,"value":5,"expected_value":-0.2}]""",
        """[{"message_id":"tips","tier":1,"p_goal_send":0.1,"p_goal_no_send":0.1,"uplift":0,"p_unsubscribe":0.01,"value":5,"expected_value":-0.2}]""",
        "[]",
    ];

    public string?[] Suppressed { get; } =
    [
        "[]",
        """[{"message_id":"welcome","rule":"cooldown","detail":"sent 2 h ago"}]""",
        "[]",
    ];

    /// <summary>Columns to write instead of the standard one with the same name (or to drop, when null).</summary>
    public Dictionary<string, RawColumn?> Replace { get; } = new(StringComparer.Ordinal);

    public RawColumn[] Columns()
    {
        RawColumn[] standard =
        [
            RawColumn.Strings("decision_id", DecisionId),
            RawColumn.Strings("user_id", UserId),
            RawColumn.Timestamps("as_of", AsOf),
            RawColumn.Strings("channel", Channel),
            RawColumn.Strings("message_id", MessageId),
            RawColumn.Strings("reason", Reason),
            RawColumn.Doubles("propensity", Propensity),
            RawColumn.Strings("model_version", ModelVersion),
            RawColumn.Strings("distribution", Distribution),
            RawColumn.Strings("scores", Scores),
            RawColumn.Strings("suppressed", Suppressed),
        ];
        return standard
            .Select(c => Replace.TryGetValue(c.Field.Name, out var replacement) ? replacement : c)
            .OfType<RawColumn>()
            .ToArray();
    }

    public Task WriteAsync(string path) => RawParquet.WriteAsync(path, Columns());
}
