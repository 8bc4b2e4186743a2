using System.Text.Json;
using Recommender.Api.Planning;
using Recommender.Api.Stores;
using Recommender.Api.Tests.Support;
using Recommender.Core.Events;
using Recommender.Data.Catalog;

namespace Recommender.Api.Tests.Planning;

/// <summary>
/// <see cref="PlanJob"/> against a real SQLite store file: a complete plan records exactly its sends as pending and logs
/// its decisions; an interrupted one leaves no file, no pending send and no log; a dry run records nothing.
/// </summary>
public sealed class PlanJobTests : IDisposable
{
    private const int Users = 30;
    private static readonly DateTime At = Ev.T0.AddHours(1);
    private readonly TempFolder _folder = new();

    public PlanJobTests()
    {
        CatalogJson.Save(CatalogPath, TestCatalog.Create());
        using var store = new SqliteUserStateStore(StorePath);
        // Every third user was sent a message half an hour ago: the cap of one a day leaves them nothing today.
        var events = Enumerable.Range(0, Users).SelectMany(i => i % 3 == 0
            ? new[] { Ev.Action($"a{i}", User(i), Ev.T0.AddDays(-1)), Ev.Sent($"s{i}", User(i), Ev.T0.AddMinutes(30), "tips") }
            : [Ev.Action($"a{i}", User(i), Ev.T0.AddDays(-1))]).ToList();
        store.ApplyAsync(events).GetAwaiter().GetResult();
    }

    private string StorePath => _folder.File("state.db");

    private string CatalogPath => _folder.File("catalog.json");

    private string OutFolder => Directory.CreateDirectory(_folder.File("out")).FullName;

    private string LogFolder => _folder.File("decision-log");

    private static string User(int i) => $"u{i:D2}";

    private PlanSettings Settings(string outName = "plan.parquet", bool dryRun = false) => new()
    {
        Store = "sqlite:" + StorePath,
        Catalog = CatalogPath,
        At = At,
        Out = Path.Combine(OutFolder, outName),
        DryRun = dryRun,
        DecisionLog = LogFolder,
        ChunkSize = 4,
    };

    [Fact]
    public async Task ACompletePlan_RecordsEachOfItsSendsAsPending_AndNothingElse_AndLogsEveryDecision()
    {
        var before = await VersionsAsync();

        var result = await PlanJob.RunAsync(Settings(), null, CancellationToken.None);

        var rows = await PlanTestFile.ReadAsync(result.Out);
        Assert.Equal(Enumerable.Range(0, Users).Select(User), rows.Select(r => r.UserId));
        var sends = rows.Where(r => r.MessageId is not null).ToList();
        Assert.Equal(Users - Users / 3, sends.Count);
        Assert.All(rows.Where(r => int.Parse(r.UserId[1..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0),
            r => Assert.Null(r.MessageId));
        Assert.Equal((Users, (long)sends.Count, true, 0L), (result.Users, result.Sends, result.Recorded, result.NotRecorded));

        using var store = new SqliteUserStateStore(StorePath);
        foreach (var row in rows)
        {
            var snapshot = await store.ReadAsync(row.UserId);
            if (row.MessageId is null)
            {
                Assert.Equal(before[row.UserId], snapshot.Version);
                continue;
            }

            // Pending: recorded one tick before the decision's instant, so that caps count it at once.
            Assert.Equal(before[row.UserId] + 1, snapshot.Version);
            Assert.Equal(At.AddTicks(-1), snapshot.State.LastBefore(EventTypes.MessageSent, DateTime.MaxValue));
            // The caller's message_sent for the planned send reconciles with it: one send, not two.
            var report = new UserEvent("caller-" + row.UserId, row.UserId, At.AddMinutes(5), EventTypes.MessageSent, row.MessageId,
                Properties: JsonSerializer.Serialize(new { decision_id = row.DecisionId }));
            Assert.Equal(1, (await store.ApplyAsync([report])).Duplicates);
            Assert.Equal(1, (await store.ReadAsync(row.UserId)).State.SendsBefore(row.MessageId, At.AddDays(1)));
        }

        var logged = await DecisionLogTestFile.ReadAllAsync([LogFolder]);
        Assert.Equal(rows.Select(r => r.DecisionId).Order(StringComparer.Ordinal), logged.Select(d => d.DecisionId).Order(StringComparer.Ordinal));
        Assert.Equal([Path.GetFileName(result.Out)], Directory.GetFiles(OutFolder).Select(Path.GetFileName));
    }

    /// <summary>
    /// A plan whose decision log cannot be written stops and says why, before its file is in place: before, it went on
    /// (and, once the log's queue was full, waited for ever) while the log it reported lost every decision.
    /// </summary>
    [Fact]
    public async Task APlanWhoseLogFolderCannotBeMade_IsRefusedAtItsStart_LeavingNoFileAndNoPendingSend()
    {
        // The folder is checked with the settings (DecisionLogFolderCheck), before any user is read or decided; before,
        // the plan found out when its log writer failed in the background.
        var before = await VersionsAsync();
        var notAFolder = _folder.File("not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "in the way");

        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => PlanJob.RunAsync(
            Settings() with { Configuration = new Dictionary<string, string?> { ["DecisionLog:Folder"] = notAFolder } }, null, CancellationToken.None));

        Assert.Contains($"DecisionLog:Folder '{notAFolder}' cannot be made", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(OutFolder));
        Assert.Equal(before, await VersionsAsync());
    }

    [Fact]
    public async Task APlanWhoseLogCannotBeWrittenPartWay_SaysSo_AndMovesNoLog()
    {
        // The writer counts a row group it cannot write and goes on, as a server must. Before, such a plan completed as if
        // logged: here its staging log folder is taken away after the first chunk, and the plan reported success with
        // none of its 30 decisions in the log.
        string? staging = null;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => PlanJob.RunAsync(Settings(), _ =>
        {
            if (staging is null)
            {
                staging = Directory.GetDirectories(OutFolder, "*.log.tmp").Single();
                Directory.Delete(staging, recursive: true);
                File.WriteAllText(staging, "in the way");
            }
        }, CancellationToken.None));

        Assert.Contains($"The plan's decision log could not be written ({Users} decisions were not", e.Message, StringComparison.Ordinal);
        Assert.Contains("is complete and its sends are recorded as pending, but its decision log is not", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(LogFolder) && Directory.EnumerateFileSystemEntries(LogFolder).Any());
    }

    [Fact]
    public async Task AnInterruptedPlan_LeavesNoFile_NoPendingSend_AndNoLog()
    {
        var before = await VersionsAsync();
        using var interrupt = new CancellationTokenSource();

        // Interrupted after the second chunk of four users: sends were decided and rows written to the temporary file.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PlanJob.RunAsync(Settings(), p =>
        {
            if (p.Users >= 8)
            {
                interrupt.Cancel();
            }
        }, interrupt.Token));

        Assert.Empty(Directory.GetFileSystemEntries(OutFolder));
        Assert.False(Directory.Exists(LogFolder) && Directory.EnumerateFileSystemEntries(LogFolder).Any());
        Assert.Equal(before, await VersionsAsync());
    }

    [Fact]
    public async Task ADryRun_WritesThePlan_AndRecordsAndLogsNothing_AndTheSamePlanAgainIsTheSameFile()
    {
        var before = await VersionsAsync();

        var first = await PlanJob.RunAsync(Settings("first.parquet", dryRun: true), null, CancellationToken.None);
        var second = await PlanJob.RunAsync(Settings("second.parquet", dryRun: true), null, CancellationToken.None);

        Assert.False(first.Recorded);
        Assert.Equal(Users - Users / 3, first.Sends);
        Assert.Equal(before, await VersionsAsync());
        Assert.False(Directory.Exists(LogFolder));
        Assert.Equal(await File.ReadAllBytesAsync(first.Out), await File.ReadAllBytesAsync(second.Out));
    }

    /// <summary>
    /// Chunks are read ahead in batches and decided on several threads; rows land by position, so one thread and three,
    /// chunks of 4 and of 7, give the same plan file and the same decision log, byte for byte, and record the same sends.
    /// </summary>
    [Fact]
    public async Task ThePlanAndItsLog_AreTheSameBytes_WhateverTheParallelismAndTheChunkSize()
    {
        var otherStore = _folder.File("state-copy.db");
        File.Copy(StorePath, otherStore);
        var otherLog = _folder.File("decision-log-copy");

        var serial = await PlanJob.RunAsync(Settings("serial.parquet") with { Parallelism = 1, ChunkSize = 4 }, null, CancellationToken.None);
        var parallel = await PlanJob.RunAsync(
            Settings("parallel.parquet") with { Store = "sqlite:" + otherStore, DecisionLog = otherLog, Parallelism = 3, ChunkSize = 7 },
            null, CancellationToken.None);

        Assert.Equal(Users, serial.Users);
        Assert.Equal((serial.Sends, serial.NotRecorded), (parallel.Sends, parallel.NotRecorded));
        var serialRows = await PlanTestFile.ReadAsync(serial.Out);
        var parallelRows = await PlanTestFile.ReadAsync(parallel.Out);
        Assert.Equal(serialRows.Select(r => r.Decision), parallelRows.Select(r => r.Decision));
        Assert.Equal(await LogBytesAsync(LogFolder), await LogBytesAsync(otherLog));

        // Chunks of the same size give the same row groups: the whole file is the same.
        var again = await PlanJob.RunAsync(
            Settings("again.parquet", dryRun: true) with { Store = "sqlite:" + otherStore, Parallelism = 3, ChunkSize = 4 }, null, CancellationToken.None);
        var serialAgain = await PlanJob.RunAsync(Settings("serial-again.parquet", dryRun: true) with { Parallelism = 1, ChunkSize = 4 }, null, CancellationToken.None);
        Assert.Equal(await File.ReadAllBytesAsync(serialAgain.Out), await File.ReadAllBytesAsync(again.Out));

        static async Task<byte[][]> LogBytesAsync(string folder) =>
            await Task.WhenAll(Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => File.ReadAllBytesAsync(f)));
    }

    [Fact]
    public async Task ACsvPlan_HoldsTheSameRowsAsTheParquetPlan()
    {
        var parquet = await PlanJob.RunAsync(Settings("plan.parquet", dryRun: true), null, CancellationToken.None);
        var csv = await PlanJob.RunAsync(Settings("plan.csv", dryRun: true), null, CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(csv.Out);
        Assert.Equal(string.Join(',', PlanTestFile.Columns), lines[0]);
        var rows = await PlanTestFile.ReadAsync(parquet.Out);
        Assert.Equal(rows.Count, lines.Length - 1);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var scalars = string.Join(',', r.UserId, r.DecisionId, r.AsOf.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                r.MessageId, r.Reason, r.Propensity.ToString("R", System.Globalization.CultureInfo.InvariantCulture), r.ModelVersion);
            Assert.Equal($"{scalars},\"{r.Decision.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", lines[i + 1]);
        }
    }

    [Fact]
    public async Task APlanWithoutACatalog_IsRefused_SayingWhatToGive()
    {
        var e = await Assert.ThrowsAsync<PlanInputException>(() => PlanJob.RunAsync(Settings() with { Catalog = null }, null, CancellationToken.None));
        Assert.Contains("The catalog is empty", e.Message, StringComparison.Ordinal);
        Assert.Contains("--catalog FILE", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(OutFolder));
    }

    [Fact]
    public async Task AUsersFile_RestrictsTheAudience_InItsOrder()
    {
        var users = _folder.File("users.txt");
        await File.WriteAllLinesAsync(users, ["# today's audience", "u07", "", "  u01  ", "someone-new"]);

        var result = await PlanJob.RunAsync(Settings(dryRun: true) with { Users = users }, null, CancellationToken.None);

        var rows = await PlanTestFile.ReadAsync(result.Out);
        Assert.Equal(["u07", "u01", "someone-new"], rows.Select(r => r.UserId));
    }

    private async Task<Dictionary<string, long>> VersionsAsync()
    {
        using var store = new SqliteUserStateStore(StorePath);
        var versions = new Dictionary<string, long>();
        await foreach (var user in store.UsersAsync())
        {
            versions[user] = (await store.ReadAsync(user)).Version;
        }

        return versions;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
