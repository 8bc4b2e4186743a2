using System.Text.Json;
using Recommender.Decisioning.Rules;

namespace Recommender.Evaluation.ReportTests;

/// <summary>report.json of the sample bundle on the sample data: every field docs/evaluation.md names, with sane values.</summary>
[Collection(SampleReportCollection.Name)]
public sealed class ReportJsonTests(SampleReport report)
{
    private static readonly string[] MetricNames = ["rows", "positives", "auc", "pr_auc", "log_loss", "brier", "ece"];

    private JsonElement Root => report.Json.RootElement;

    [Theory]
    [InlineData("propensity")]
    [InlineData("fatigue")]
    public void Model_metrics_are_those_of_the_training_manifest_to_the_bit_because_the_rows_are_the_same(string model)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.SampleModel, "manifest.json")));
        var trained = manifest.RootElement.GetProperty("metrics").GetProperty(model);
        var evaluated = Root.GetProperty("models").GetProperty(model);

        foreach (var name in MetricNames)
        {
            Assert.Equal(trained.GetProperty(name).GetDouble(), evaluated.GetProperty(name).GetDouble());
        }
    }

    [Fact]
    public void Models_hold_the_manifest_metric_names_with_values_in_range()
    {
        foreach (var model in new[] { "propensity", "fatigue" })
        {
            var m = Root.GetProperty("models").GetProperty(model);
            Assert.True(m.GetProperty("rows").GetInt64() > 1_000, model);
            Assert.InRange(m.GetProperty("positives").GetInt64(), 1, m.GetProperty("rows").GetInt64() - 1);
            Assert.InRange(m.GetProperty("auc").GetDouble(), 0.5, 1);
            Assert.InRange(m.GetProperty("pr_auc").GetDouble(), 0, 1);
            Assert.InRange(m.GetProperty("brier").GetDouble(), 0, 0.25);
            Assert.InRange(m.GetProperty("ece").GetDouble(), 0, 0.1);
            Assert.True(m.GetProperty("log_loss").GetDouble() > 0);

            // The sample has no oracle.parquet, so no oracle figure is made up.
            Assert.False(m.TryGetProperty("oracle_auc", out _));
        }
    }

    [Fact]
    public void Ope_has_every_policy_estimator_and_metric_with_ordered_intervals()
    {
        var rows = Root.GetProperty("ope").EnumerateArray().ToArray();
        var keys = rows.Select(r => (r.GetProperty("policy").GetString(), r.GetProperty("estimator").GetString(), r.GetProperty("metric").GetString())).ToHashSet();

        foreach (var metric in new[] { "goals", "value", "unsubscribes" })
        {
            foreach (var policy in new[] { "candidate", "baseline" })
            {
                foreach (var estimator in new[] { "ips", "snips", "dm", "dr" })
                {
                    Assert.Contains((policy, estimator, metric), keys);
                }
            }

            Assert.Contains(("logging", "ips", metric), keys);
            Assert.Contains(("logging", "snips", metric), keys);
        }

        foreach (var r in rows)
        {
            var (low, value, high) = (r.GetProperty("ci_low").GetDouble(), r.GetProperty("value").GetDouble(), r.GetProperty("ci_high").GetDouble());
            Assert.True(low <= high, r.ToString());
            Assert.True(low - 1e-9 <= value && value <= high + 1e-9 || r.GetProperty("estimator").GetString() == "snips", r.ToString());
            Assert.InRange(r.GetProperty("ess").GetDouble(), 1, r.GetProperty("decisions").GetInt32() + 1e-9);
            Assert.True(value >= 0, r.ToString());
        }
    }

    [Fact]
    public void The_logging_policy_value_is_its_mean_observed_reward_with_every_weight_one()
    {
        foreach (var metric in new[] { "goals", "value", "unsubscribes" })
        {
            var rows = Root.GetProperty("ope").EnumerateArray()
                .Where(r => r.GetProperty("policy").GetString() == "logging" && r.GetProperty("metric").GetString() == metric).ToArray();
            var ips = rows.Single(r => r.GetProperty("estimator").GetString() == "ips");
            var snips = rows.Single(r => r.GetProperty("estimator").GetString() == "snips");

            Assert.Equal(ips.GetProperty("value").GetDouble(), snips.GetProperty("value").GetDouble(), 12);
            Assert.Equal(ips.GetProperty("decisions").GetInt32(), ips.GetProperty("ess").GetDouble(), 6);
        }
    }

    [Fact]
    public void Suppressions_count_real_rule_ids_and_the_analysis_covers_every_policy()
    {
        var known = typeof(RuleIds).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var suppressions = Root.GetProperty("suppressions").EnumerateObject().ToArray();

        Assert.NotEmpty(suppressions);
        Assert.All(suppressions, s => Assert.Contains(s.Name, known));
        Assert.All(suppressions, s => Assert.True(s.Value.GetInt64() > 0));
        Assert.Equal(["candidate", "baseline", "logging"],
            Root.GetProperty("suppression_analysis").EnumerateArray().Select(a => a.GetProperty("policy").GetString()!));
        var candidate = Root.GetProperty("suppression_analysis")[0];
        Assert.InRange(candidate.GetProperty("no_eligible_message").GetInt64(), 0, candidate.GetProperty("decisions").GetInt64());
        Assert.Equal(candidate.GetProperty("user_weeks").GetInt64(),
            candidate.GetProperty("sends_per_user_week").EnumerateArray().Sum(b => b.GetProperty("user_weeks").GetInt64()));
    }

    [Fact]
    public void An_identical_baseline_is_not_distinguishable_with_a_zero_difference()
    {
        var cc = Root.GetProperty("champion_challenger");

        Assert.Equal("not_distinguishable", cc.GetProperty("headline").GetProperty("verdict").GetString());
        Assert.All(cc.GetProperty("comparisons").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("difference").GetDouble()));
    }

    [Fact]
    public void Reproducibility_names_seeds_fingerprints_hash_code_version_and_both_manifests()
    {
        var r = Root.GetProperty("reproducibility");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.SampleModel, "manifest.json")));

        Assert.Equal(7, r.GetProperty("seed").GetInt32());
        Assert.Matches("^sha256:[0-9a-f]{64}$", r.GetProperty("configuration_hash").GetString()!);
        Assert.Equal(EvaluationJob.ConfigurationHash(report.Options), r.GetProperty("configuration_hash").GetString());
        Assert.Equal(manifest.RootElement.GetProperty("data_fingerprint").GetString(), r.GetProperty("data_fingerprint").GetString());
        Assert.True(r.GetProperty("model_trained_on_this_data").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("code_version").GetString()));
        Assert.Equal(manifest.RootElement.GetProperty("feature_schema_hash").GetString(), r.GetProperty("model").GetProperty("feature_schema_hash").GetString());
        Assert.Equal(manifest.RootElement.GetProperty("feature_schema_hash").GetString(), r.GetProperty("baseline").GetProperty("feature_schema_hash").GetString());
    }

    [Fact]
    public void Another_seed_changes_the_configuration_hash()
    {
        Assert.NotEqual(EvaluationJob.ConfigurationHash(new EvaluationOptions()), EvaluationJob.ConfigurationHash(new EvaluationOptions { Seed = 8 }));
    }

    [Fact]
    public void The_summary_leads_with_the_models_and_states_the_verdict()
    {
        Assert.Contains("| candidate | propensity |", report.Summary);
        Assert.Contains("**not distinguishable**", report.Summary);
    }
}
