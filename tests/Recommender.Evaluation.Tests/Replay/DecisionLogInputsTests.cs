using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Data.Events;
using Recommender.Evaluation.Replay;
using Recommender.Simulation;

namespace Recommender.Evaluation.Tests.Replay;

/// <summary>
/// <c>evaluate --decision-log</c>: the log's control rows join each user's history that the replay and the rewards read,
/// exactly where the events' own held-out decisions would be.
/// </summary>
public sealed class DecisionLogInputsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Held_out_decisions_read_from_a_decision_log_give_every_user_the_history_the_events_gave()
    {
        var full = _temp.File("full");
        await DataSetWriter.WriteAsync(new WorldGenerator(new WorldOptions { Users = 120, Days = 25, Seed = 5 }, SyntheticCatalog.Create()), full);
        var (stripped, log, noSends) = await SplitAsync(full);

        var expected = await EvaluationInputs.ReadAsync(full, [], default);
        var actual = await EvaluationInputs.ReadAsync(stripped, [log], default);

        Assert.True(noSends > 20, $"only {noSends} held-out decisions");
        Assert.Equal(expected.Users.Select(u => u.UserId), actual.Users.Select(u => u.UserId));
        for (var u = 0; u < expected.Users.Count; u++)
        {
            Assert.Equal(expected.Users[u].Events.Select(Comparable), actual.Users[u].Events.Select(Comparable));
        }

        Assert.Null(expected.DecisionLogInput);
        var logged = actual.DecisionLogInput!;
        Assert.Equal((noSends, noSends, 0L), (logged.Decisions, logged.ControlRows, logged.ControlRowsAlreadyInEvents));
        Assert.Equal(actual.DecisionLog!.Fingerprint, logged.Fingerprint);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>An event as the replay reads it: everything but its id, which the log's rows derive from the decision id.</summary>
    private static string Comparable(UserEvent e) =>
        $"{e.Timestamp:O}|{e.EventType}|{e.MessageId}|{e.Value}|" +
        $"{EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId)}|{EventPropertyReader.GetDouble(e.Properties, EventProperties.Propensity):R}";

    private async Task<(string Data, string Log, long NoSends)> SplitAsync(string full)
    {
        var data = _temp.File("stripped");
        Directory.CreateDirectory(data);
        foreach (var file in new[] { DataSetWriter.ProfilesFile, DataSetWriter.CatalogFile })
        {
            File.Copy(Path.Combine(full, file), Path.Combine(data, file));
        }

        var events = new List<UserEvent>();
        await foreach (var batch in EventParquetReader.ReadAsync(Path.Combine(full, DataSetWriter.EventsFile)))
        {
            events.AddRange(batch.Events);
        }

        await using (var writer = await EventParquetWriter.CreateAsync(Path.Combine(data, DataSetWriter.EventsFile)))
        {
            await writer.WriteAsync(events.Where(e => e.EventType != EventTypes.DecisionNoSend));
        }

        var noSends = events.Where(e => e.EventType == EventTypes.DecisionNoSend).Select(ToLogged).ToList();
        var log = _temp.File("log");
        Directory.CreateDirectory(log);
        await DecisionLogTestFile.WriteAsync(Path.Combine(log, "decisions-1.parquet"), noSends);
        return (data, log, noSends.Count);
    }

    /// <summary>The world's held-out decision as the API logs one: the held-out message the best of the scored candidates.</summary>
    private static DecisionLogEntry ToLogged(UserEvent e)
    {
        var propensity = EventPropertyReader.GetDouble(e.Properties, EventProperties.Propensity)!.Value;
        return new DecisionLogEntry(
            EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId)!, e.UserId, e.Timestamp, null, null, "exploration_no_send", propensity, null,
            new Dictionary<string, double> { [DecisionLogColumns.NoSendAction] = propensity, [e.MessageId!] = 1 - propensity },
            [new LoggedScore("zz-other", 1, 0.1, 0.1, 0, 0, 1, -1), new LoggedScore(e.MessageId!, 1, 0.3, 0.1, 0.2, 0, 1, 0.2)], []);
    }
}
