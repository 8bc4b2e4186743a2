using Recommender.Api.Decisions;
using Recommender.Core.Events;
using Recommender.Decisioning;

namespace Recommender.Api.Tests.SendTime;

/// <summary>
/// The send the API records for a decision: a scheduled one names the instant it was decided at (<c>decided_at</c>)
/// beside its <c>send_at</c>, so that an evaluation can ask policies at the decision and not at the send.
/// </summary>
public sealed class RecordedSendTests
{
    private static readonly DateTime AsOf = new(2026, 3, 2, 9, 15, 0, DateTimeKind.Utc);

    [Fact]
    public void A_scheduled_send_carries_its_decision_instant_and_a_send_now_carries_none()
    {
        var scheduled = DecisionService.SendOf(Decision() with { SendAt = AsOf.AddHours(9), Channel = "push", SendTimePropensity = 0.25 });
        var now = DecisionService.SendOf(Decision());

        Assert.Equal(AsOf.AddHours(9).AddTicks(-1), scheduled.Timestamp);
        Assert.Equal("2026-03-02T09:15:00.0000000Z", EventPropertyReader.GetString(scheduled.Properties, EventProperties.DecidedAt));
        Assert.Equal("2026-03-02T18:15:00.0000000Z", EventPropertyReader.GetString(scheduled.Properties, EventProperties.SendAt));
        Assert.Equal(0.25, EventPropertyReader.GetDouble(scheduled.Properties, EventProperties.SendTimePropensity));
        Assert.Null(EventPropertyReader.GetString(now.Properties, EventProperties.DecidedAt));
        Assert.Equal(AsOf.AddTicks(-1), now.Timestamp);
    }

    private static Decision Decision() => new()
    {
        DecisionId = "d-1",
        UserId = "u-1",
        AsOf = AsOf,
        MessageId = "m",
        Reason = DecisionReasons.BestExpectedValue,
        Propensity = 0.9,
        Distribution = new Dictionary<string, double> { ["m"] = 0.9, [Decisioning.Decision.NoSendAction] = 0.1 },
        Scores = [],
        Suppressed = [],
    };
}
