using Recommender.Data.DecisionLog;
using Recommender.Data.Validation;

namespace Recommender.Data.Tests.DecisionLogs;

/// <summary>The decision log's send-time columns: written and read back, absent from older logs, and checked.</summary>
public sealed class DecisionLogSendTimeTests
{
    private static readonly DateTime T0 = new(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_scheduled_send_reads_back_with_its_send_at_channel_and_send_time_propensity()
    {
        using var temp = new TempFolder();
        var scheduled = LoggedDecisions.Send("d-0", "u1", T0, "welcome", 0.5) with
        {
            SendAt = T0.AddHours(6), SendChannel = "push", SendTimePropensity = 0.25,
        };
        var now = LoggedDecisions.Send("d-1", "u2", T0, "welcome", 0.5);
        await DecisionLogTestFile.WriteAsync(temp.File("decisions-1.parquet"), [scheduled, now]);

        var read = await DecisionLogTestFile.ReadAllAsync([temp.Path]);

        Assert.Equal((T0.AddHours(6), "push", 0.25), (read[0].SendAt!.Value, read[0].SendChannel!, read[0].SendTimePropensity!.Value));
        Assert.Equal(DateTimeKind.Utc, read[0].SendAt!.Value.Kind);
        Assert.Equal(0.125, read[0].JointPropensity);
        Assert.Equal((null, null, null), (read[1].SendAt, read[1].SendChannel, read[1].SendTimePropensity));
        Assert.Equal(0.5, read[1].JointPropensity);
    }

    [Fact]
    public async Task A_log_written_before_send_times_still_reads_with_none()
    {
        using var temp = new TempFolder();
        var rows = new DecisionLogRows();
        await rows.WriteAsync(temp.File("decisions-old.parquet"));
        var options = new DecisionLogReadOptions();

        var read = await DecisionLogTestFile.ReadAllAsync([temp.Path], options);

        Assert.Equal(3, read.Count);
        Assert.All(read, d => Assert.Equal((null, null, null), (d.SendAt, d.SendChannel, d.SendTimePropensity)));
        Assert.Equal(0.9, read[0].JointPropensity);
        Assert.Empty(options.Summary.Issues);
    }

    [Fact]
    public async Task A_send_time_propensity_outside_the_unit_interval_is_refused_naming_row_and_column()
    {
        using var temp = new TempFolder();
        var rows = new DecisionLogRows();
        var columns = rows.Columns().Append(RawColumn.Doubles("send_time_propensity", 0.5, null, 1.5)).ToArray();
        await RawParquet.WriteAsync(temp.File("decisions-bad.parquet"), columns);

        var e = await Assert.ThrowsAsync<DataValidationException>(() => DecisionLogTestFile.ReadAllAsync([temp.Path]));

        var issue = Assert.Single(e.Issues);
        Assert.Equal(("send_time_propensity", "1.5"), (issue.Column, issue.Found));
    }
}
