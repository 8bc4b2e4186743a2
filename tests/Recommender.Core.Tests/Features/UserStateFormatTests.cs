using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Tests.Support;

namespace Recommender.Core.Tests.Features;

public sealed class UserStateFormatTests
{
    [Fact]
    public void An_empty_state_round_trips()
    {
        var bytes = new UserState().ToBytes();

        var back = UserState.FromBytes(bytes);

        Assert.Null(back.LatestEventAt);
        Assert.Equal(bytes, back.ToBytes());
    }

    [Fact]
    public void A_state_keeps_its_horizon_and_counters_through_the_bytes()
    {
        var state = ParityTests.Build(RandomLog.Generate(11, maxEvents: 400).Events);

        var back = UserState.FromBytes(state.ToBytes());

        Assert.Equal(state.LatestEventAt, back.LatestEventAt);
        Assert.Equal(state.CompactedBefore, back.CompactedBefore);
        Assert.Equal(state.EventsApplied, back.EventsApplied);
    }

    [Fact]
    public void Version_1_bytes_written_before_profile_updates_still_read()
    {
        // magic, version 1, latest 0, boundary 0, applied 0, five empty maps.
        var back = UserState.FromBytes(Convert.FromHexString("525553010000000000000000"));

        Assert.Null(back.LatestEventAt);
        Assert.Equal(3, back.ToBytes()[3]);
    }

    [Fact]
    public void The_channel_a_send_named_round_trips_and_version_2_bytes_still_read()
    {
        var t0 = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        var state = new UserState();
        state.Apply(new UserEvent("e1", "u", t0, "message_sent", "welcome", null, "{\"decision_id\":\"d1\",\"channel\":\"push\"}"));
        state.Apply(new UserEvent("e2", "u", t0, "message_sent", "welcome", null, null));
        state.Apply(new UserEvent("e3", "u", t0.AddHours(1), "message_sent", "tasks", null, "{\"channel\":\"in_app\"}"));

        var back = UserState.FromBytes(state.ToBytes());

        SentMessage[] expected = [new(t0, "welcome"), new(t0, "welcome", "push"), new(t0.AddHours(1), "tasks", "in_app")];
        var sends = new List<SentMessage>();
        foreach (var send in back.SendsBetween(t0, t0.AddDays(1)))
        {
            sends.Add(send);
        }

        Assert.Equal(expected, sends);
        Assert.Equal(state.ToBytes(), back.ToBytes());
        Assert.Equal(3, back.ToBytes()[3]);

        // magic, version 2, latest 0, boundary 0, applied 0, no types, one message "m" (three empty series and no
        // send channels: version 2 had none), four empty maps.
        var v2 = UserState.FromBytes(Convert.FromHexString("525553020000000001016D00000000000000000000"));
        Assert.Equal(0, v2.SendsBefore("m", t0));
        Assert.Equal(3, v2.ToBytes()[3]);
    }

    [Theory]
    [InlineData("", "ends early")]
    [InlineData("00", "wrong magic")]
    [InlineData("525553", "ends early")]
    [InlineData("52555309", "version 9 is not supported")]
    [InlineData("5255530100000000000000000000", "after its end")]
    [InlineData("525553020000000000000000010161010003", "unknown kind 3")]
    [InlineData("525553010000000300", "ends early")]
    [InlineData("52555301000000FFFFFFFFFFFFFFFFFFFF01", "64 bits")]
    public void Corrupt_bytes_are_rejected_with_a_reason(string hex, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => UserState.FromBytes(Convert.FromHexString(hex)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
