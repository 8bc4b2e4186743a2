using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Recommender.Evaluation.ReportTests;

/// <summary>
/// <c>recommender monitor</c> flags a model gone stale and leaves a healthy one alone: on a world whose behaviour shifts
/// after training, its drift and calibration checks need attention from the first window; on the same world without the
/// shift, neither does.
/// </summary>
[Collection(MonitorWorldsCollection.Name)]
public sealed partial class MonitorTests(MonitorWorlds worlds)
{
    [Fact]
    public void A_world_whose_behaviour_shifts_after_training_is_flagged_by_drift_and_by_calibration()
    {
        var root = worlds.Shifted.Json.RootElement;
        var windows = root.GetProperty("windows").EnumerateArray().ToArray();

        Assert.Equal("attention", root.GetProperty("verdict").GetProperty("status").GetString());
        Assert.Contains("Needs attention", root.GetProperty("verdict").GetProperty("text").GetString());
        Assert.Contains("attention:", worlds.Shifted.Output);
        Assert.True(windows.Length >= 3, $"{windows.Length} windows");
        Assert.All(windows, w => Assert.True(w.GetProperty("after_training").GetBoolean()));

        // Drift: usage counts fall, and the report names them among the top movers.
        var drifted = windows.Where(w => w.GetProperty("drift").GetProperty("status").GetString() == "attention").ToArray();
        Assert.True(drifted.Length >= 2, $"{drifted.Length} windows drifted");
        Assert.Contains(drifted.SelectMany(w => w.GetProperty("drift").GetProperty("top_movers").EnumerateArray()),
            f => f.GetProperty("feature").GetString()!.StartsWith("evt.session_started", StringComparison.Ordinal));

        // Calibration: the model still predicts the goal rate it learnt; the goals that arrive are far fewer.
        foreach (var w in windows.Where(w => w.GetProperty("goal").GetProperty("status").GetString() != "too_few_rows"))
        {
            var goal = w.GetProperty("goal");
            Assert.Equal("attention", goal.GetProperty("status").GetString());
            Assert.True(goal.GetProperty("mean_predicted").GetDouble() > goal.GetProperty("ci_high").GetDouble());
        }
    }

    [Fact]
    public void The_same_world_without_the_shift_needs_no_attention()
    {
        var root = worlds.Steady.Json.RootElement;
        var windows = root.GetProperty("windows").EnumerateArray().ToArray();

        Assert.Equal("healthy", root.GetProperty("verdict").GetProperty("status").GetString());
        Assert.Equal("validation_window", root.GetProperty("setup").GetProperty("reference_source").GetString());
        Assert.True(windows.Length >= 3);
        foreach (var w in windows)
        {
            Assert.Empty(w.GetProperty("attention").EnumerateArray());
            var drift = w.GetProperty("drift");
            Assert.True(drift.GetProperty("max_psi").GetDouble() < 0.25, drift.GetRawText()[..200]);
            Assert.NotEqual("attention", w.GetProperty("goal").GetProperty("status").GetString());
            Assert.NotEqual("attention", w.GetProperty("unsubscribe").GetProperty("status").GetString());
        }
    }

    [Fact]
    public void Without_a_decision_log_volume_is_replayed_and_the_report_says_so_and_the_missing_holdout_too()
    {
        var root = worlds.Steady.Json.RootElement;
        var codes = root.GetProperty("notices").EnumerateArray().Select(n => n.GetProperty("code").GetString()).ToArray();

        Assert.Contains("volume_replayed", codes);
        Assert.Contains("no_holdout", codes);
        Assert.Equal("replay", root.GetProperty("setup").GetProperty("volume_source").GetString());
        Assert.Equal(0, root.GetProperty("setup").GetProperty("served_predictions").GetInt64());
        var volume = root.GetProperty("windows")[0].GetProperty("volume");
        Assert.True(volume.GetProperty("sends").GetInt64() > 0);
        Assert.True(volume.GetProperty("decisions").GetInt64() >= volume.GetProperty("sends").GetInt64());
        Assert.NotEmpty(volume.GetProperty("suppressed_by_rule").EnumerateObject());
        Assert.Contains("data-notice=\"volume_replayed\"", worlds.Steady.Html);
    }

    [Fact]
    public async Task The_same_inputs_give_the_same_monitor_json_byte_for_byte()
    {
        using var folder = new TempFolder();
        var result = await CliProcess.RunAsync("monitor", "--data", worlds.DataOf("steady"), "--model", worlds.Model, "--out", folder.Path);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(worlds.Steady.JsonText, await File.ReadAllTextAsync(folder.File(MonitorJob.ReportJson)));
    }

    [Fact]
    public async Task Missing_arguments_and_a_folder_that_is_not_a_bundle_exit_with_the_reason()
    {
        using var folder = new TempFolder();
        var missing = await CliProcess.RunAsync("monitor", "--data", worlds.DataOf("steady"), "--out", folder.Path);
        var notBundle = await CliProcess.RunAsync("monitor", "--data", worlds.DataOf("steady"), "--model", folder.File("nothing"), "--out", folder.File("out"));

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--model", missing.All);
        Assert.Equal(1, notBundle.ExitCode);
        Assert.Contains(folder.File("nothing"), notBundle.All);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [GeneratedRegex("data-json=\"(?<pointer>[^\"]+)\" data-value=\"(?<value>[^\"]+)\">")]
    private static partial Regex TaggedNumber();

    [Fact]
    public void Every_number_in_monitor_html_is_the_number_at_its_json_pointer()
    {
        foreach (var run in new[] { worlds.Shifted, worlds.Steady })
        {
            var tagged = TaggedNumber().Matches(run.Html);
            Assert.True(tagged.Count > 100, $"only {tagged.Count} numbers are tagged");
            foreach (Match m in tagged)
            {
                var pointer = WebUtility.HtmlDecode(m.Groups["pointer"].Value);
                var json = Resolve(run.Json.RootElement, pointer);
                if (m.Groups["value"].Value == "null")
                {
                    Assert.True(json is null || json.Value.ValueKind == JsonValueKind.Null, pointer);
                    continue;
                }

                Assert.True(json is not null, $"{pointer} is shown in the html but is not in monitor.json");
                Assert.Equal(json.Value.GetDouble(), double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var i) && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
            {
                current = next;
            }
            else
            {
                return null;
            }
        }

        return current;
    }
}
