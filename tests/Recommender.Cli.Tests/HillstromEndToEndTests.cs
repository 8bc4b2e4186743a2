using System.Globalization;
using System.Text.Json;
using Parquet;
using Xunit.Abstractions;

namespace Recommender.Cli.Tests;

/// <summary>
/// The Hillstrom e-mail challenge end to end, as a data scientist runs it: <c>import hillstrom</c> with half the
/// customers held out, <c>train</c> on the other half, <c>evaluate --whole-log</c> on the held-out half. The held-out
/// arms' observed visit rates come from the imported log itself; the learned policy's value comes by IPS, SNIPS and DR
/// with 95% bootstrap intervals from the report.
/// </summary>
public sealed class HillstromEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_policy_learnt_on_half_the_customers_is_valued_on_the_other_half_next_to_each_arm()
    {
        var data = _temp.File("hillstrom");
        await Run("import", "hillstrom", "--in", Repository.Dataset("hillstrom/hillstrom.csv"), "--out", data, "--holdout-share", "0.5");
        // Four leaves per tree: chosen on a split of the training half alone (scripts/hillstrom-leaves.fsx); the default 31
        // fit the noise of 30,000 decisions and chose the women's e-mail or nothing where the men's did better.
        await Run("train", "--data", Path.Combine(data, "train"), "--out", _temp.File("model"), "--seed", "7", "--validation-days", "28", "--propensity-leaves", "4");
        await Run("evaluate", "--data", Path.Combine(data, "holdout"), "--model", _temp.File("model"), "--whole-log", "--out", _temp.File("report"));

        using (var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.File("model/manifest.json"))))
        {
            Assert.Equal(4, manifest.RootElement.GetProperty("parameters").GetProperty("propensity").GetProperty("leaves").GetInt32());
        }

        var arms = await ArmRatesAsync(Path.Combine(data, "holdout", "events.parquet"));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.File("report/report.json")));
        var ope = report.RootElement.GetProperty("ope").EnumerateArray()
            .Where(r => r.GetProperty("metric").GetString() == "goals")
            .ToDictionary(r => (r.GetProperty("policy").GetString()!, r.GetProperty("estimator").GetString()!),
                r => (Value: r.GetProperty("value").GetDouble(), Low: r.GetProperty("ci_low").GetDouble(), High: r.GetProperty("ci_high").GetDouble()));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"held-out arms: men's {arms["mens_email"]:P2}, women's {arms["womens_email"]:P2}, none {arms["none"]:P2}"));
        foreach (var estimator in new[] { "ips", "snips", "dr" })
        {
            var (value, low, high) = ope[("candidate", estimator)];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"learned policy, {estimator}: {value:P2} [{low:P2}, {high:P2}]"));
        }

        // The held-out half is a fair half: each arm's visit rate is the published one within sampling noise.
        Assert.Equal(0.183, arms["mens_email"], 0.008);
        Assert.Equal(0.151, arms["womens_email"], 0.008);
        Assert.Equal(0.106, arms["none"], 0.008);

        foreach (var estimator in new[] { "ips", "snips", "dr" })
        {
            var (value, low, high) = ope[("candidate", estimator)];
            Assert.InRange(value, low, high);
            Assert.True(high - low < 0.03, $"{estimator}: the interval [{low}, {high}] is too wide to say anything");

            // The policy learnt what the campaign shows: e-mails raise visits, and the men's e-mail more than the women's.
            Assert.True(low > arms["none"] + 0.04, $"{estimator}: {value} is not clearly above sending nothing ({arms["none"]})");
            Assert.True(value > arms["womens_email"] + 0.02, $"{estimator}: {value} is not clearly above the women's e-mail ({arms["womens_email"]})");

            // And it is as good as the best arm within the estimate's own noise, its point estimate above the men's
            // e-mail's published 18.3 % (on this half the men's arm itself reached 18.5 %: docs/results.md, "Hillstrom").
            Assert.InRange(arms["mens_email"], low, high);
            Assert.True(value > 0.183, $"{estimator}: {value} is not above the men's e-mail's published 18.3 %");
        }

        // The logging policy's value is the log's own mean: the report attributes each visit to its decision.
        Assert.Equal(arms["all"], ope[("logging", "ips")].Value, 0.002);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// The Hillstrom log has no time zones (nor anything but the customers' attributes): the time features then read every
    /// user's clock in UTC, and training, its manifest and the evaluation report say so rather than calling UTC local.
    /// </summary>
    [Fact]
    public async Task Time_features_on_a_log_without_time_zones_say_they_read_utc_in_the_output_the_manifest_and_the_report()
    {
        var data = _temp.File("hillstrom");
        await Run("import", "hillstrom", "--in", Repository.Dataset("hillstrom/hillstrom.csv"), "--out", data, "--holdout-share", "0.5");
        var train = await CliProcess.RunAsync(
            "train", "--data", Path.Combine(data, "train"), "--out", _temp.File("model"), "--seed", "7", "--validation-days", "28", "--propensity-leaves", "4",
            "--time-features");
        Assert.True(train.ExitCode == 0, train.All);
        await Run("evaluate", "--data", Path.Combine(data, "holdout"), "--model", _temp.File("model"), "--whole-log", "--out", _temp.File("report"));

        Assert.Contains("time features:", train.All, StringComparison.Ordinal);
        Assert.Contains("read in UTC", train.All, StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.File("model/manifest.json")));
        var time = manifest.RootElement.GetProperty("time_features");
        Assert.True(time.GetProperty("users").GetInt64() > 0);
        Assert.Equal(time.GetProperty("users").GetInt64(), time.GetProperty("users_without_zone").GetInt64());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.File("report/report.json")));
        Assert.Contains(report.RootElement.GetProperty("notices").EnumerateArray(), n => n.GetProperty("code").GetString() == "time_features_in_utc");
    }

    private static async Task Run(params string[] args)
    {
        var result = await CliProcess.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"recommender {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.All}");
    }

    /// <summary>Each arm's visit rate on the imported log, read straight from its Parquet file: a visit within 14 days of the decision.</summary>
    private static async Task<Dictionary<string, double>> ArmRatesAsync(string events)
    {
        await using var reader = await ParquetReader.CreateAsync(events);
        var rows = new List<(string User, DateTime At, string Type, string? Message)>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var (users, types, messages, times) = (new string?[n], new string?[n], new string?[n], new DateTime[n]);
            var fields = reader.Schema.DataFields;
            await group.ReadAsync(fields.Single(f => f.Name == "user_id"), users.AsMemory(), null, default);
            await group.ReadAsync(fields.Single(f => f.Name == "event_type"), types.AsMemory(), null, default);
            await group.ReadAsync(fields.Single(f => f.Name == "message_id"), messages.AsMemory(), null, default);
            await group.ReadAsync<DateTime>(fields.Single(f => f.Name == "timestamp"), times.AsMemory(), null, default);
            rows.AddRange(Enumerable.Range(0, n).Select(i => (users[i]!, times[i], types[i]!, messages[i])));
        }

        var visits = rows.Where(r => r.Type == "website_visit").ToDictionary(r => r.User, r => r.At);
        var decisions = rows.Where(r => r.Type is "message_sent" or "decision_no_send")
            .Select(r => (Arm: r.Type == "decision_no_send" ? "none" : r.Message!, Visit: visits.TryGetValue(r.User, out var v) && v > r.At && v <= r.At.AddDays(14)))
            .ToList();
        var rates = decisions.GroupBy(d => d.Arm).ToDictionary(g => g.Key, g => g.Average(d => d.Visit ? 1.0 : 0.0));
        rates["all"] = decisions.Average(d => d.Visit ? 1.0 : 0.0);
        return rates;
    }
}
