using Recommender.Core.Events;
using Recommender.Data.DecisionLog;
using Recommender.Data.Events;

namespace Recommender.Data.Tests.DecisionLogs;

/// <summary>
/// What a logged decision becomes for training and evaluation: a send adds no row; a no-send that scored a candidate
/// becomes the <c>decision_no_send</c> row the synthetic world writes for its own held-out decisions; a no-send that
/// scored nothing holds nothing out and adds no row.
/// </summary>
public sealed class DecisionLogDerivationTests
{
    private static readonly DateTime T0 = new(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>The derivation table: a decision and the message its control row holds out (null: no row).</summary>
    public static TheoryData<string, DecisionLogEntry, string?> Table => new()
    {
        { "a send", LoggedDecisions.Send("d", "u", T0, "welcome"), null },
        { "a no-send with one scored candidate", LoggedDecisions.NoSend("d", "u", T0, 0.9, ("tips", -0.3)), "tips" },
        { "the highest expected value, wherever it is", LoggedDecisions.NoSend("d", "u", T0, 0.9, ("a", 0.01), ("b", 0.04), ("c", -2)), "b" },
        { "below the threshold: still the highest", LoggedDecisions.NoSend("d", "u", T0, 0.97, ("a", -0.4), ("b", -0.2)), "b" },
        {
            "a higher priority tier first, as the engine arbitrates",
            LoggedDecisions.NoSend("d", "u", T0, 0.9, ("a", 0.5), ("b", 0.1))
                with { Scores = [LoggedDecisions.Score("a", 0.5), LoggedDecisions.Score("b", 0.1) with { Tier = 2 }] },
            "b"
        },
        { "a tie goes to the smaller id (ordinal)", LoggedDecisions.NoSend("d", "u", T0, 0.9, ("beta", 0.2), ("Zeta", 0.2), ("alpha", 0.2)), "Zeta" },
        { "no eligible candidate: nothing held out", LoggedDecisions.NoSend("d", "u", T0, 1), null },
        {
            "state unavailable: nothing held out",
            LoggedDecisions.NoSend("d", "u", T0, 1) with { Reason = "state_unavailable", Suppressed = [new LoggedSuppression("tips", "cooldown", null)] },
            null
        },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void HeldOutMessage_and_ControlEvent_follow_the_table(string because, DecisionLogEntry decision, string? heldOut)
    {
        Assert.True(heldOut == DecisionLogEvents.HeldOutMessage(decision), because);
        var control = DecisionLogEvents.ControlEvent(decision);
        Assert.Equal(heldOut, control?.MessageId);
        Assert.Equal(heldOut is not null, control is not null);
    }

    [Fact]
    public void A_control_row_is_written_as_the_synthetic_world_writes_its_held_out_decisions()
    {
        var decision = LoggedDecisions.NoSend("0193f1c2a4b87d6e9f00112233445566", "u000017", T0.AddTicks(5_000), 0.8125, ("tips", 0.02), ("upgrade", 0.01));

        var control = DecisionLogEvents.ControlEvent(decision)!;

        Assert.Equal(
            new UserEvent(
                "decision_no_send:0193f1c2a4b87d6e9f00112233445566", "u000017", T0.AddTicks(5_000), EventTypes.DecisionNoSend, "tips", null,
                """{"decision_id":"0193f1c2a4b87d6e9f00112233445566","propensity":0.8125}"""),
            control);

        // What the example builder and the replay read back from it.
        Assert.Equal(decision.DecisionId, EventPropertyReader.GetString(control.Properties, EventProperties.DecisionId));
        Assert.Equal(0.8125, EventPropertyReader.GetDouble(control.Properties, EventProperties.Propensity));
    }

    [Fact]
    public void The_control_rows_propensity_is_the_distributions_no_send_probability_to_the_last_bit()
    {
        var noSend = 1 - (0.05 / 3 * 2);
        var decision = LoggedDecisions.NoSend("d", "u", T0, noSend, ("tips", 0.02)) with { Propensity = 0.5 };

        var control = DecisionLogEvents.ControlEvent(decision)!;

        Assert.Equal(noSend, EventPropertyReader.GetDouble(control.Properties, EventProperties.Propensity));
    }

    [Fact]
    public void A_decision_id_that_needs_escaping_still_gives_valid_properties()
    {
        var decision = LoggedDecisions.NoSend("d\"1\\x", "u", T0, 0.9, ("tips", 0.02));

        var control = DecisionLogEvents.ControlEvent(decision)!;

        Assert.Equal("d\"1\\x", EventPropertyReader.GetString(control.Properties, EventProperties.DecisionId));
    }

    [Fact]
    public async Task Control_rows_keep_the_events_contract_through_the_events_writer_and_reader()
    {
        using var temp = new TempFolder();
        var controls = new[]
        {
            LoggedDecisions.NoSend("d1", "u1", T0, 0.9, ("tips", 0.02)),
            LoggedDecisions.NoSend("d2", "u2", T0.AddHours(3), 0.016666666666666666, ("welcome", 0.5), ("tips", 0.02)),
        }.Select(d => DecisionLogEvents.ControlEvent(d)!).ToArray();
        var file = temp.File("events.parquet");

        await Events.EventFiles.WriteAsync(file, controls);
        var options = new EventReadOptions();
        var read = await Events.EventFiles.ReadAllAsync(file, options);

        Assert.Equal(controls, read);
        Assert.False(options.Summary.HasErrors);
    }
}
