using Recommender.Data.DecisionLog;

namespace Recommender.Data.Tests.DecisionLogs;

/// <summary>Reading back what the API's writer writes: every field, across row groups, files and folders.</summary>
public sealed class DecisionLogReaderTests
{
    private static readonly DateTime T0 = new(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Decisions_written_in_the_APIs_schema_read_back_field_for_field_in_file_order()
    {
        using var temp = new TempFolder();
        List<DecisionLogEntry> first =
        [
            LoggedDecisions.Send("d-0", "u1", T0.AddTicks(1234), "welcome", 0.95),
            LoggedDecisions.NoSend("d-1", "u1", T0.AddHours(1), 0.85, ("tips", -0.5), ("upgrade", 0.01)),
            LoggedDecisions.NoSend("d-2", "u2", T0.AddHours(2), 1),
        ];
        List<DecisionLogEntry> second = [LoggedDecisions.Send("d-3", "u3", T0.AddDays(1), "tips", 0.05) with { Channel = null, ModelVersion = null }];
        await DecisionLogTestFile.WriteAsync(temp.File("decisions-20260220T090000Z-7-0000.parquet"), first, rowGroupSize: 2);
        await DecisionLogTestFile.WriteAsync(temp.File("decisions-20260221T090000Z-7-0001.parquet"), second);
        var options = new DecisionLogReadOptions();

        var read = await DecisionLogTestFile.ReadAllAsync([temp.Path], options);

        var written = first.Concat(second).ToList();
        Assert.Equal(written.Count, read.Count);
        for (var i = 0; i < written.Count; i++)
        {
            var (w, r) = (written[i], read[i]);

            // Parquet keeps microseconds: the 4 ticks below a microsecond are gone, the rest is exact.
            Assert.Equal(w.AsOf.AddTicks(-(w.AsOf.Ticks % 10)), r.AsOf);
            Assert.Equal(DateTimeKind.Utc, r.AsOf.Kind);
            Assert.Equal(w with { AsOf = r.AsOf, Distribution = r.Distribution, Scores = r.Scores, Suppressed = r.Suppressed }, r);
            Assert.Equal(w.Distribution.OrderBy(p => p.Key, StringComparer.Ordinal), r.Distribution.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(w.Scores, r.Scores);
            Assert.Equal(w.Suppressed, r.Suppressed);
        }

        var summary = options.Summary;
        Assert.Equal(2, summary.Files.Count);
        Assert.Equal(4, summary.RowsRead);
        Assert.Equal(4, summary.DecisionsReturned);
        Assert.Equal(2, summary.Sends);
        Assert.Equal(2, summary.NoSends);
        Assert.Empty(summary.Issues);
    }

    [Fact]
    public async Task Only_complete_log_files_are_read_and_files_still_being_written_are_counted()
    {
        using var temp = new TempFolder();
        await DecisionLogTestFile.WriteAsync(temp.File("decisions-b.parquet"), [LoggedDecisions.Send("d-b", "u1", T0, "welcome")]);
        await DecisionLogTestFile.WriteAsync(temp.File("decisions-a.parquet"), [LoggedDecisions.Send("d-a", "u1", T0, "welcome")]);

        // Half a file, as the writer leaves it until it renames the file, and files of another kind.
        await File.WriteAllBytesAsync(temp.File("decisions-c.parquet.tmp"), [0x50, 0x41, 0x52, 0x31, 1, 2, 3]);
        await File.WriteAllTextAsync(temp.File("events.parquet"), "not a decision log");
        await File.WriteAllTextAsync(temp.File("decisions-d.json"), "{}");
        var options = new DecisionLogReadOptions();

        var read = await DecisionLogTestFile.ReadAllAsync([temp.Path], options);

        Assert.Equal(["d-a", "d-b"], read.Select(d => d.DecisionId));
        Assert.Equal([temp.File("decisions-a.parquet"), temp.File("decisions-b.parquet")], options.Summary.Files);
        Assert.Equal(1, options.Summary.FilesInProgress);
    }

    [Fact]
    public async Task A_decision_read_twice_is_returned_once_and_counted_across_files_and_folders()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("one"));
        Directory.CreateDirectory(temp.File("two"));
        var decisions = new[] { LoggedDecisions.Send("d-1", "u1", T0, "welcome"), LoggedDecisions.NoSend("d-2", "u1", T0.AddHours(1), 0.9, ("tips", 0)) };
        await DecisionLogTestFile.WriteAsync(Path.Combine(temp.File("one"), "decisions-1.parquet"), decisions);
        await DecisionLogTestFile.WriteAsync(Path.Combine(temp.File("two"), "decisions-1.parquet"), [decisions[1]]);
        var options = new DecisionLogReadOptions();

        var read = await DecisionLogTestFile.ReadAllAsync([temp.File("one"), temp.File("two"), temp.File("one")], options);

        Assert.Equal(["d-1", "d-2"], read.Select(d => d.DecisionId));
        Assert.Equal(5, options.Summary.RowsRead);
        Assert.Equal(3, options.Summary.DuplicatesSkipped);
        Assert.Equal(1, options.Summary.Sends);
        Assert.Equal(1, options.Summary.NoSends);
    }

    [Fact]
    public async Task One_decision_id_on_two_users_decisions_is_two_decisions_and_a_copy_of_either_is_still_one()
    {
        using var temp = new TempFolder();
        // A caller that names every decision of a campaign alike: the id alone no longer tells a copy from another decision.
        var decisions = new[]
        {
            LoggedDecisions.Send("spring", "u1", T0, "welcome"),
            LoggedDecisions.NoSend("spring", "u2", T0.AddHours(1), 0.9, ("tips", 0)),
            // "spring" + "1u2" and "spring1" + "u2" read alike when id and user are simply joined.
            LoggedDecisions.Send("spring", "1u2", T0.AddHours(2), "tips"),
            LoggedDecisions.Send("spring1", "u2", T0.AddHours(3), "tips"),
        };
        await DecisionLogTestFile.WriteAsync(temp.File("decisions-1.parquet"), decisions);
        await DecisionLogTestFile.WriteAsync(temp.File("decisions-2.parquet"), [decisions[1], decisions[2]]);
        var options = new DecisionLogReadOptions();

        var read = await DecisionLogTestFile.ReadAllAsync([temp.Path], options);

        Assert.Equal(["u1", "u2", "1u2", "u2"], read.Select(d => d.UserId));
        Assert.Equal(2, options.Summary.DuplicatesSkipped);
        Assert.Equal(3, options.Summary.Sends);
        Assert.Equal(1, options.Summary.NoSends);
        var log = await DecisionLogEvents.ReadAsync([temp.Path]);
        Assert.Equal(1, log.ControlRows);
    }

    [Fact]
    public async Task A_single_log_file_can_be_named_instead_of_its_folder()
    {
        using var temp = new TempFolder();
        var file = temp.File("decisions-1.parquet");
        await DecisionLogTestFile.WriteAsync(file, [LoggedDecisions.Send("d-1", "u1", T0, "welcome")]);

        var read = await DecisionLogTestFile.ReadAllAsync([file]);

        Assert.Equal("d-1", Assert.Single(read).DecisionId);
    }
}
