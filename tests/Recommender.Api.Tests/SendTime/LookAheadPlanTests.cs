using System.Text.Json;
using Recommender.Api.Planning;
using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using Recommender.Core.Events;
using Recommender.Data.Catalog;
using Recommender.Decisioning.Timing;

namespace Recommender.Api.Tests.SendTime;

/// <summary>
/// <c>recommender plan --look-ahead-hours</c>: the plan file gains <c>send_at</c> and <c>channel</c> (Parquet and CSV), and
/// each planned send is recorded as pending at its <c>send_at</c>, marked scheduled, and reconciled by the caller's report.
/// </summary>
public sealed class LookAheadPlanTests : IDisposable
{
    private const int Users = 20;
    private static readonly DateTime At = Ev.T0.AddHours(1); // 13:00 UTC
    private readonly TempFolder _folder = new();

    public LookAheadPlanTests()
    {
        CatalogJson.Save(CatalogPath, SendTimeApiTests.TwoChannels());
        using var store = new SqliteUserStateStore(StorePath);
        // Even users act at 15:00 every day of the last week; odd ones once, a day ago at 13:00.
        var events = Enumerable.Range(0, Users).SelectMany(i => i % 2 == 0
            ? Enumerable.Range(1, 7).Select(d => Ev.Action($"a{i}-{d}", User(i), Ev.T0.Date.AddDays(-d).AddHours(15), "page_viewed"))
            : [Ev.Action($"a{i}", User(i), At.AddDays(-1), "page_viewed")]).ToList();
        store.ApplyAsync(events).GetAwaiter().GetResult();
    }

    private string StorePath => _folder.File("state.db");

    private string CatalogPath => _folder.File("catalog.json");

    private string OutFolder => Directory.CreateDirectory(_folder.File("out")).FullName;

    private static string User(int i) => $"u{i:D2}";

    private PlanSettings Settings(string outName, bool dryRun = false) => new()
    {
        Store = "sqlite:" + StorePath,
        Catalog = CatalogPath,
        At = At,
        Out = Path.Combine(OutFolder, outName),
        DryRun = dryRun,
        ChunkSize = 4,
        SendTime = new SendTimeOptions { LookAheadHours = 24 },
    };

    [Fact]
    public async Task ALookAheadPlan_WritesSendAtAndChannel_AndRecordsEachSendAsPendingAtItsSendAt()
    {
        var result = await PlanJob.RunAsync(Settings("plan.parquet"), null, CancellationToken.None);

        var rows = await PlanTestFile.ReadAsync(result.Out);
        Assert.Equal(Users, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.MessageId));
        using var store = new SqliteUserStateStore(StorePath);
        foreach (var row in rows)
        {
            using var json = JsonDocument.Parse(row.Decision);
            var sendAt = json.RootElement.GetProperty("send_at").GetDateTime().ToUniversalTime();
            Assert.Equal(sendAt, row.SendAt);
            Assert.Equal(json.RootElement.GetProperty("channel").GetString(), row.Channel);
            // Even users are most active at 15:00: their sends wait for it; odd ones go now.
            Assert.Equal(int.Parse(row.UserId[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? Ev.T0.Date.AddHours(15) : At, sendAt);

            var state = (await store.ReadAsync(row.UserId)).State;
            Assert.Equal(sendAt.AddTicks(-1), state.LastBefore(EventTypes.MessageSent, DateTime.MaxValue));
            Assert.Equal(new Core.Features.SentMessage(sendAt.AddTicks(-1), row.MessageId!, row.Channel), state.ScheduledSendFrom(sendAt.AddTicks(-1)));

            // The caller's report of the planned send moves it to when it went out: still one send.
            var report = new UserEvent("caller-" + row.UserId, row.UserId, sendAt.AddMinutes(2), EventTypes.MessageSent, row.MessageId,
                Properties: JsonSerializer.Serialize(new { decision_id = row.DecisionId }));
            Assert.Equal(1, (await store.ApplyAsync([report])).Applied);
            var after = (await store.ReadAsync(row.UserId)).State;
            Assert.Equal(1, after.SendsBefore(row.MessageId!, At.AddDays(2)));
            Assert.Equal(sendAt.AddMinutes(2), after.LastBefore(EventTypes.MessageSent, DateTime.MaxValue));
            Assert.Null(after.ScheduledSendFrom(DateTime.MinValue));
        }
    }

    [Fact]
    public async Task ACsvLookAheadPlan_HoldsTheSameRowsAsTheParquetPlan()
    {
        var parquet = await PlanJob.RunAsync(Settings("plan.parquet", dryRun: true), null, CancellationToken.None);
        var csv = await PlanJob.RunAsync(Settings("plan.csv", dryRun: true), null, CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(csv.Out);
        Assert.Equal(string.Join(',', PlanTestFile.ColumnsWithSendTimes), lines[0]);
        var rows = await PlanTestFile.ReadAsync(parquet.Out);
        Assert.Equal(rows.Count, lines.Length - 1);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var scalars = string.Join(',', r.UserId, r.DecisionId, Iso(r.AsOf), r.MessageId, r.Reason, r.Propensity.ToString("R", System.Globalization.CultureInfo.InvariantCulture), r.ModelVersion);
            Assert.Equal($"{scalars},\"{r.Decision.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{Iso(r.SendAt!.Value)},{r.Channel}", lines[i + 1]);
        }
    }

    [Fact]
    public async Task ANowOnlyPlan_HasTheColumnsItAlwaysHad()
    {
        var result = await PlanJob.RunAsync(Settings("plan.csv", dryRun: true) with { SendTime = null }, null, CancellationToken.None);

        Assert.Equal(string.Join(',', PlanTestFile.Columns), (await File.ReadAllLinesAsync(result.Out))[0]);
    }

    [Fact]
    public async Task AnOutOfRangeLookAhead_IsRefusedNamingTheOption()
    {
        var settings = Settings("plan.csv", dryRun: true) with { SendTime = new SendTimeOptions { LookAheadHours = 200 } };

        var e = await Assert.ThrowsAsync<PlanInputException>(() => PlanJob.RunAsync(settings, null, CancellationToken.None));

        Assert.Contains("--look-ahead-hours", e.Message, StringComparison.Ordinal);
        Assert.Contains("200", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
