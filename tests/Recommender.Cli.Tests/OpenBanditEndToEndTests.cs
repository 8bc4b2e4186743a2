using System.Globalization;
using System.Text.Json;
using Parquet;
using Xunit.Abstractions;

namespace Recommender.Cli.Tests;

/// <summary>
/// Learning without a control group, on a real log (issue 13): the Open Bandit men's campaign, a recommendation slot that
/// is always filled. <c>import obd</c> both logs, <c>train</c> on the Bernoulli Thompson sampling log as a must-fill slot
/// in response mode (the log has no "show nothing" arm to learn a baseline from), <c>evaluate --whole-log</c> on the
/// uniformly random log, whose logged propensities make the off-policy estimates unbiased. The learned policy's click rate
/// by IPS, SNIPS and DR with 95% intervals stands next to the random policy's observed 0.0046 and BTS's 0.0069.
/// </summary>
public sealed class OpenBanditEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_must_fill_policy_learnt_on_the_bts_log_is_valued_on_the_random_log_next_to_both_logging_policies()
    {
        var (bts, random) = (_temp.File("bts"), _temp.File("random"));
        await Run("import", "obd", "--in", Repository.Dataset("obd-men/bts"), "--out", bts);
        await Run("import", "obd", "--in", Repository.Dataset("obd-men/random"), "--out", random);

        // A week of log: one day validates. 69 clicks leave about 14 among the calibration users, so --min-positives is
        // lowered knowingly; response mode because no decision ever showed nothing.
        var train = await Run("train", "--data", bts, "--out", _temp.File("model"), "--seed", "7", "--validation-days", "1",
            "--uplift-source", "none", "--min-positives", "10");
        await Run("evaluate", "--data", random, "--model", _temp.File("model"), "--whole-log", "--out", _temp.File("report"));

        var (btsImpressions, btsClicks) = await CountsAsync(Path.Combine(bts, "events.parquet"));
        var (randomImpressions, randomClicks) = await CountsAsync(Path.Combine(random, "events.parquet"));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.File("report/report.json")));
        var root = report.RootElement;
        var ope = root.GetProperty("ope").EnumerateArray()
            .Where(r => r.GetProperty("metric").GetString() == "goals")
            .ToDictionary(r => (r.GetProperty("policy").GetString()!, r.GetProperty("estimator").GetString()!),
                r => (Value: r.GetProperty("value").GetDouble(), Low: r.GetProperty("ci_low").GetDouble(), High: r.GetProperty("ci_high").GetDouble()));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"observed click rates: random {(double)randomClicks / randomImpressions:F4}, BTS {(double)btsClicks / btsImpressions:F4}"));
        foreach (var estimator in new[] { "ips", "snips", "dr" })
        {
            var (value, low, high) = ope[("candidate", estimator)];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"learned policy, {estimator}: {value:F4} [{low:F4}, {high:F4}]"));
        }

        // The two logs as the data set publishes them: 10,000 impressions each, 46 and 69 clicks.
        Assert.Equal((10_000L, 69L), (btsImpressions, btsClicks));
        Assert.Equal((10_000L, 46L), (randomImpressions, randomClicks));

        // Trained as a log without a control group is: response mode, said so, and a must-fill slot that always shows an item.
        Assert.Contains("uplift: none. Response mode (--uplift-source none)", train.Output);
        // Not a measured uplift of zero: the log cannot identify it, and the summary says so rather than "mean 0.0000".
        Assert.Contains("uplift P(goal | send) - P(goal | no send): not measured (response mode", train.Output);
        Assert.DoesNotContain("validation rows: mean", train.Output);
        Assert.Contains(root.GetProperty("notices").EnumerateArray(), n => n.GetProperty("code").GetString() == "uplift_source_none");
        var candidate = root.GetProperty("suppression_analysis").EnumerateArray().Single(p => p.GetProperty("policy").GetString() == "candidate");
        Assert.Equal(candidate.GetProperty("decisions").GetInt64(), candidate.GetProperty("sends").GetInt64());
        Assert.Equal("logged", root.GetProperty("ope_setup").GetProperty("logging_propensities").GetString());

        // The random policy's value is its own observed click rate (on the decisions whose hour closed in the log).
        var decisions = root.GetProperty("ope_setup").GetProperty("decisions").GetInt64();
        Assert.InRange(decisions, 9_900, 10_000);
        Assert.Equal((double)randomClicks / randomImpressions, ope[("logging", "ips")].Value, 0.0003);

        foreach (var estimator in new[] { "ips", "snips", "dr" })
        {
            var (value, low, high) = ope[("candidate", estimator)];
            Assert.InRange(value, low, high);
            Assert.True(high > low, $"{estimator}: an interval of no width");

            // A click rate, not noise around zero or one: the uniform propensities (1/34) bound each weight by 34.
            Assert.InRange(value, 0.0005, 0.03);
            Assert.True(high < 0.05, $"{estimator}: the interval's top {high} is no click rate of this campaign");
        }

        Assert.InRange(ope[("candidate", "ips")].Low, 0, 0.0046);
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<CliResult> Run(params string[] args)
    {
        var result = await CliProcess.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"recommender {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.All}");
        return result;
    }

    /// <summary>Impressions (sends) and clicks in an imported log, read straight from its Parquet file.</summary>
    private static async Task<(long Impressions, long Clicks)> CountsAsync(string events)
    {
        await using var reader = await ParquetReader.CreateAsync(events);
        var field = reader.Schema.DataFields.Single(f => f.Name == "event_type");
        var (impressions, clicks) = (0L, 0L);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var types = new string?[checked((int)group.RowCount)];
            await group.ReadAsync(field, types.AsMemory(), null, default);
            impressions += types.Count(t => t == "message_sent");
            clicks += types.Count(t => t == "item_clicked");
        }

        return (impressions, clicks);
    }
}
