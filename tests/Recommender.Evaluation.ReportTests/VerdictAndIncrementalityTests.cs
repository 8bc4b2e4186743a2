using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Core.Catalog;
using Recommender.Data.Events;

namespace Recommender.Evaluation.ReportTests;

/// <summary>The verdict the report opens with, and the global holdout's incrementality, held to the numbers they come from.</summary>
[Collection(SampleReportCollection.Name)]
public sealed class VerdictAndIncrementalityTests(SampleReport report)
{
    private JsonElement Root => report.Json.RootElement;

    [Fact]
    public void The_verdict_is_the_paired_doubly_robust_difference_per_thousand_users()
    {
        var verdict = Root.GetProperty("verdict");
        var setup = Root.GetProperty("ope_setup");
        var scale = 1_000.0 * setup.GetProperty("decisions").GetInt64() / setup.GetProperty("users").GetInt64();
        JsonElement Paired(string metric) => Root.GetProperty("champion_challenger").GetProperty("comparisons").EnumerateArray()
            .Single(r => r.GetProperty("estimator").GetString() == "dr" && r.GetProperty("metric").GetString() == metric);

        Assert.Equal("the baseline bundle", verdict.GetProperty("against").GetString());
        Assert.Equal(Paired("value").GetProperty("difference").GetDouble() * scale, verdict.GetProperty("value_per1000").GetDouble(), 9);
        Assert.Equal(Paired("value").GetProperty("ci_low").GetDouble() * scale, verdict.GetProperty("value_ci_low").GetDouble(), 9);
        Assert.Equal(Paired("unsubscribes").GetProperty("ci_high").GetDouble() * scale, verdict.GetProperty("unsubscribes_ci_high").GetDouble(), 9);
        // The sample bundle against itself: the same decisions, so no difference at all.
        Assert.StartsWith("On value, the candidate is not distinguishable from the baseline bundle at 95 %: 0.0 value per 1,000 users",
            verdict.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(verdict.GetProperty("text").GetString()!, report.Html.Replace("&#39;", "'", StringComparison.Ordinal));
    }

    [Fact]
    public void Segments_partition_the_propensity_rows_and_each_observed_uplift_is_its_sends_against_its_hold_outs()
    {
        var segments = Root.GetProperty("segments");
        var overall = segments.GetProperty("overall").EnumerateArray().ToArray();

        Assert.InRange(overall.Length, 2, 4); // two levels at most
        Assert.Equal(Root.GetProperty("models").GetProperty("propensity").GetProperty("rows").GetInt64(), overall.Sum(l => l.GetProperty("rows").GetInt64()));
        foreach (var leaf in overall)
        {
            Assert.Equal(leaf.GetProperty("rows").GetInt32(), leaf.GetProperty("sends").GetInt32() + leaf.GetProperty("holdouts").GetInt32());
            var (low, mid, high) = (leaf.GetProperty("ci_low").GetDouble(), leaf.GetProperty("observed_uplift").GetDouble(), leaf.GetProperty("ci_high").GetDouble());
            Assert.True(low < mid && mid < high, $"{low} {mid} {high}");
            Assert.Contains(leaf.GetProperty("description").GetString()!, System.Net.WebUtility.HtmlDecode(report.Html), StringComparison.Ordinal);
        }

        // Every message with enough rows has its own table; the rows of its leaves are its rows.
        foreach (var message in segments.GetProperty("by_message").EnumerateObject())
        {
            Assert.True(message.Value.EnumerateArray().Sum(l => l.GetProperty("rows").GetInt32()) >= 300, message.Name);
        }
    }

    [Fact]
    public void Without_a_holdout_the_report_says_why_incrementality_is_absent()
    {
        var incrementality = Root.GetProperty("incrementality");

        Assert.Equal(0, incrementality.GetProperty("share").GetDouble());
        Assert.False(incrementality.TryGetProperty("lift", out _));
        Assert.StartsWith("The catalog's holdout share is 0: no user is held out", incrementality.GetProperty("absent").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A log whose policy never sent (every decision held out): the candidate's sends are actions the log never shows, so
    /// its doubly robust value there is the reward model's guess. The verdict says so itself, wherever it is read; before,
    /// it said "better than the logging policy at 95 %" and left the caveat to a warning under Policy value.
    /// </summary>
    [Fact]
    public async Task A_verdict_resting_on_actions_the_log_never_shows_says_so_in_its_own_words()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var generated = await CliProcess.RunAsync("generate", "--users", "400", "--days", "30", "--seed", "5", "--control-share", "1", "--out", data);
        Assert.True(generated.ExitCode == 0, generated.All);

        var result = await CliProcess.RunAsync("evaluate", "--data", data, "--model", Repository.SampleModel, "--out", folder.File("out"));

        Assert.True(result.ExitCode == 0, result.All);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.File("out"), "report.json")));
        var notice = Assert.Single(
            json.RootElement.GetProperty("notices").EnumerateArray(), n => n.GetProperty("code").GetString() == "verdict_unsupported_actions");
        Assert.Contains("For the candidate: The target policy puts", notice.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("see the note verdict_unsupported_actions above", json.RootElement.GetProperty("verdict").GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Contains("note: The verdict's doubly robust value rests in part on the reward model alone", result.Output, StringComparison.Ordinal);
        Assert.Contains("(verdict_unsupported_actions)", await File.ReadAllTextAsync(Path.Combine(folder.File("out"), "summary.md")), StringComparison.Ordinal);
        Assert.Contains("data-notice=\"verdict_unsupported_actions\"", await File.ReadAllTextAsync(Path.Combine(folder.File("out"), "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_holdout_the_lift_is_the_difference_of_the_groups_goals_counted_from_the_events()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        Directory.CreateDirectory(data);
        foreach (var file in Directory.GetFiles(Repository.DataSamples))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }

        var catalogPath = Path.Combine(data, "catalog.json");
        var catalogJson = JsonNode.Parse(await File.ReadAllTextAsync(catalogPath))!;
        catalogJson["policy"]!["holdout"] = new JsonObject { ["share"] = 0.3, ["salt"] = "report-test" };
        await File.WriteAllTextAsync(catalogPath, catalogJson.ToJsonString());

        var result = await CliProcess.RunAsync("evaluate", "--data", data, "--model", Repository.SampleModel, "--out", folder.File("out"));

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.File("out"), "report.json")));
        var inc = json.RootElement.GetProperty("incrementality");
        var (from, until) = (inc.GetProperty("from").GetDateTime(), inc.GetProperty("until").GetDateTime());

        // Independently: every profile's goal events of the catalog in [from, until), split by the same salted hash.
        var holdout = new GlobalHoldout { Share = 0.3, Salt = "report-test" };
        var goals = new HashSet<string>(catalogJson["messages"]!.AsArray().Select(m => (string)m!["goal_event"]!), StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var batch in EventParquetReader.ReadAsync(Path.Combine(data, "events.parquet"), new EventReadOptions()))
        {
            foreach (var e in batch.Events.Where(e => goals.Contains(e.EventType) && e.Timestamp >= from && e.Timestamp < until))
            {
                counts[e.UserId] = counts.GetValueOrDefault(e.UserId) + 1;
            }
        }

        var users = await Data.Profiles.ProfileParquetReader.ReadAsync(Path.Combine(data, "profiles.parquet"));
        var held = users.Where(u => holdout.Contains(u.UserId)).Select(u => (double)counts.GetValueOrDefault(u.UserId)).ToArray();
        var messaged = users.Where(u => !holdout.Contains(u.UserId)).Select(u => (double)counts.GetValueOrDefault(u.UserId)).ToArray();

        var lift = inc.GetProperty("lift");
        Assert.Equal(held.Length, lift.GetProperty("held_out_users").GetInt64());
        Assert.Equal(messaged.Length, lift.GetProperty("messaged_users").GetInt64());
        var perUser = lift.GetProperty("goals_per_user");
        Assert.Equal(messaged.Average(), perUser.GetProperty("messaged").GetDouble(), 12);
        Assert.Equal(held.Average(), perUser.GetProperty("held_out").GetDouble(), 12);
        Assert.Equal(messaged.Average() - held.Average(), perUser.GetProperty("lift").GetDouble(), 12);
    }
}
