using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Data.Tests.Catalog;
using Recommender.Data.Tests.Events;
using Recommender.Data.Validation;

namespace Recommender.Data.Tests;

public sealed class DataFolderTests
{
    private static readonly DateTime T0 = new(2024, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Open_CompleteFolder_ResolvesEveryPart()
    {
        using var temp = new TempFolder();
        await WriteGoodFolderAsync(temp.Path);

        var folder = DataFolder.Open(temp.Path);

        Assert.Equal(temp.File("events.parquet"), folder.EventsPath);
        Assert.Equal(temp.File("profiles.parquet"), folder.ProfilesPath);
        Assert.Equal(temp.File("catalog.json"), folder.CatalogPath);
    }

    [Fact]
    public async Task Open_EventsAsFolder_ResolvesTheFolder()
    {
        using var temp = new TempFolder();
        await WriteGoodFolderAsync(temp.Path);
        Directory.CreateDirectory(temp.File("events"));
        File.Move(temp.File("events.parquet"), Path.Combine(temp.File("events"), "part-0.parquet"));

        var folder = DataFolder.Open(temp.Path);

        Assert.Equal(temp.File("events"), folder.EventsPath);
    }

    [Fact]
    public void Open_EmptyFolder_ListsEveryMissingPart()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<DataValidationException>(() => DataFolder.Open(temp.Path));

        Assert.Equal(
            [temp.File("catalog.json"), temp.File("events.parquet"), temp.File("profiles.parquet")],
            error.Issues.Select(i => i.File));
        Assert.Contains("events.parquet or as a folder events/", error.Issues[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("events.csv", "events.csv, which this command cannot read: run `recommender import csv --in events.csv --out DIR --user COL --time COL --type COL`")]
    [InlineData("export-2026-03.jsonl.gz", "export-2026-03.jsonl.gz, which this command cannot read: run `recommender import segment --in export-2026-03.jsonl.gz --out DIR`")]
    [InlineData("hillstrom.csv", "hillstrom.csv, which this command cannot read: run `recommender import hillstrom --in hillstrom.csv --out DIR`")]
    [InlineData("events.parquet.partial", "events.parquet.partial, left by an import that stopped before it finished: run the import again")]
    public async Task Open_ExportInsteadOfEvents_NamesTheFileAndTheImportCommand(string file, string found)
    {
        using var temp = new TempFolder();
        await WriteGoodFolderAsync(temp.Path);
        File.Delete(temp.File("events.parquet"));
        await File.WriteAllTextAsync(temp.File(file), "user,time,type\n");

        var error = Assert.Throws<DataValidationException>(() => DataFolder.Open(temp.Path));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(temp.File("events.parquet"), issue.File);
        Assert.Equal("neither, but " + found, issue.Found);
    }

    [Fact]
    public async Task Open_BothEventsFileAndFolder_IsAnError()
    {
        using var temp = new TempFolder();
        await WriteGoodFolderAsync(temp.Path);
        Directory.CreateDirectory(temp.File("events"));

        var error = Assert.Throws<DataValidationException>(() => DataFolder.Open(temp.Path));

        var issue = Assert.Single(error.Issues);
        Assert.Equal("both", issue.Found);
        Assert.Contains("not both", issue.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingDirectory_SaysSo()
    {
        using var temp = new TempFolder();
        var missing = temp.File("nope");

        var error = Assert.Throws<DataValidationException>(() => DataFolder.Open(missing));

        Assert.Equal($"{missing}: expected a data folder holding events.parquet, profiles.parquet and catalog.json, found no folder at that path",
            Assert.Single(error.Issues).Message);
    }

    [Fact]
    public async Task ValidateAsync_GoodFolder_HasNoIssuesAndSummaries()
    {
        using var temp = new TempFolder();
        await WriteGoodFolderAsync(temp.Path);

        var report = await DataValidator.ValidateAsync(temp.Path);

        Assert.Empty(report.Issues);
        Assert.False(report.HasErrors);
        Assert.Equal(6, report.Events!.EventsReturned);
        Assert.Equal(2, report.Profiles!.ProfilesReturned);
        Assert.Equal(3, report.Catalog!.Messages.Count);
    }

    [Fact]
    public async Task ValidateAsync_CrossCheckProblems_AreWarnings()
    {
        using var temp = new TempFolder();
        await WriteGoodFolderAsync(temp.Path, extra:
        [
            new UserEvent("x1", "ghost", T0, "page_viewed"),
            new UserEvent("x2", "ghost", T0, EventTypes.MessageSent, "retired_message"),
            new UserEvent("x3", "phantom", T0, EventTypes.MessageOpened, "retired_message"),
            new UserEvent("x4", "u1", T0, EventTypes.MessageSent, "other_old"),
        ]);
        var catalog = CatalogSample.Parse();
        catalog.Message(2)["goal_event"] = "plan_upgrade";
        File.WriteAllText(temp.File("catalog.json"), catalog.ToJsonString());

        var report = await DataValidator.ValidateAsync(temp.Path);

        Assert.False(report.HasErrors);
        Assert.Equal(3, report.WarningCount);
        var noProfile = Assert.Single(report.Issues, i => i.Column == "user_id");
        Assert.Equal("3 events of 2 users without a profile (e.g. \"ghost\", \"phantom\")", noProfile.Found);
        var unknownMessages = Assert.Single(report.Issues, i => i.Column == "message_id");
        Assert.Equal("3 events with 2 unknown message ids: \"retired_message\" (2), \"other_old\" (1)", unknownMessages.Found);
        var goal = Assert.Single(report.Issues, i => i.Column == "messages[2].goal_event");
        Assert.Equal(2, goal.Row);
        Assert.Equal(temp.File("catalog.json"), goal.File);
        Assert.Contains("\"plan_upgrade\", which no event has", goal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_ErrorsInEveryPart_ReportsThemAllAtOnce()
    {
        using var temp = new TempFolder();
        await WriteGoodFolderAsync(temp.Path);
        var rows = new EventRows();
        rows.Timestamp[1] = new DateTime(1899, 12, 31, 0, 0, 0, DateTimeKind.Utc);
        rows.Properties[2] = "[]";
        await rows.WriteAsync(temp.File("events.parquet"));
        await ProfileParquetWriter.WriteAsync(temp.File("profiles.parquet"),
        [
            new UserProfile("u0", T0, "DE", "Europe/Berlin", 5, "free"),
            new UserProfile("u1", T0, "DE", "Berlin", 5, "free"),
        ]);
        var catalog = CatalogSample.Parse();
        catalog.Message(0)["category"] = "promo";
        File.WriteAllText(temp.File("catalog.json"), catalog.ToJsonString());

        var report = await DataValidator.ValidateAsync(temp.Path);

        Assert.True(report.HasErrors);
        Assert.Equal(
            ["messages[0].category", "timezone", "timestamp", "properties"],
            report.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.Column));
        Assert.Equal(1, report.Events!.EventsReturned);
        Assert.Equal(2, report.Events.RowsRejected);
        Assert.Null(report.Catalog);
    }

    [Fact]
    public async Task ValidateAsync_MissingParts_ReportsThemAndChecksTheRest()
    {
        using var temp = new TempFolder();
        await WriteGoodFolderAsync(temp.Path);
        File.Delete(temp.File("profiles.parquet"));
        File.Delete(temp.File("catalog.json"));

        var report = await DataValidator.ValidateAsync(temp.Path);

        Assert.Equal([temp.File("catalog.json"), temp.File("profiles.parquet")], report.Issues.Select(i => i.File));
        // A folder imported from a real log has no catalog unless one was given: the error names what it holds and the fix.
        var catalogIssue = report.Issues[0].ToString();
        Assert.Contains("goal_event", catalogIssue, StringComparison.Ordinal);
        Assert.Contains("docs/data-contract.md", catalogIssue, StringComparison.Ordinal);
        Assert.Contains("--catalog FILE", catalogIssue, StringComparison.Ordinal);
        Assert.Null(report.Profiles);
        Assert.Equal(6, report.Events!.EventsReturned);

        // An import's draft beside it is named, never read as the catalog.
        File.WriteAllText(temp.File(DataFolder.CatalogDraftFileName), CatalogSample.Json);
        var withDraft = await DataValidator.ValidateAsync(temp.Path);
        Assert.Null(withDraft.Catalog);
        Assert.EndsWith("found no such file, only catalog.draft.json (fill its blank fields, then rename it)", withDraft.Issues[0].ToString(), StringComparison.Ordinal);
    }

    private static async Task WriteGoodFolderAsync(string dir, UserEvent[]? extra = null)
    {
        UserEvent[] events =
        [
            new("e1", "u1", T0, "project_created"),
            new("e2", "u1", T0.AddMinutes(1), EventTypes.MessageSent, "welcome", null, """{"propensity":0.9}"""),
            new("e3", "u2", T0.AddMinutes(2), "teammate_invited"),
            new("e4", "u2", T0.AddMinutes(3), EventTypes.MessageSent, "team_growing"),
            new("e5", "u2", T0.AddMinutes(4), EventTypes.MessageClicked, "upgrade"),
            new("e6", "u2", T0.AddMinutes(5), "plan_upgraded", null, 49),
        ];
        await using (var writer = await EventParquetWriter.CreateAsync(Path.Combine(dir, "events.parquet")))
        {
            await writer.WriteAsync(events.Concat(extra ?? []));
        }

        await ProfileParquetWriter.WriteAsync(Path.Combine(dir, "profiles.parquet"),
        [
            new UserProfile("u1", T0.AddDays(-30), "DE", "Europe/Berlin", 5, "free"),
            new UserProfile("u2", T0.AddDays(-3), "US", "America/Denver", null, "pro"),
        ]);
        await File.WriteAllTextAsync(Path.Combine(dir, "catalog.json"), CatalogSample.Json);
    }
}
