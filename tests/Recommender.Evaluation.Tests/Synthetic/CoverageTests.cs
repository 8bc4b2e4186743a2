using System.Diagnostics;
using System.Globalization;
using Recommender.Evaluation.OffPolicy;
using Recommender.Simulation;
using Xunit.Abstractions;

namespace Recommender.Evaluation.Tests.Synthetic;

/// <summary>
/// The estimators against the synthetic world's truth: over 20 independently seeded logs, the 95% intervals must
/// contain the target policy's true value on the logged decisions at least 17 times (a calibrated 95% interval
/// misses more than three times in 20 with probability 1.6%). Both bootstraps are checked: over single decisions
/// (the default) and over users (what <c>evaluate</c> should use, since one user's decisions are not independent).
/// </summary>
public sealed class CoverageTests(ITestOutputHelper output)
{
    private const int Seeds = 20;
    private const int Required = 17;

    private static readonly WorldOptions World = new() { Users = 2_000, Days = 40 };

    [Fact]
    public void The_95_percent_intervals_of_IPS_SNIPS_and_DR_cover_the_true_value_of_the_target_policy()
    {
        var clock = Stopwatch.StartNew();
        var simulating = new Stopwatch();
        var estimators = OffPolicyEstimator.All();
        var covered = new Dictionary<string, int>(StringComparer.Ordinal);
        double residual = 0, residualVariance = 0;
        long decisions = 0;
        for (var seed = 1UL; seed <= Seeds; seed++)
        {
            simulating.Start();
            var log = SyntheticLog.Generate(World with { Seed = seed });
            simulating.Stop();
            var truth = log.TrueTargetValue(t => t.TrueValue);
            var line = Invariant($"seed {seed,2}: n {log.Decisions.Count,6}, true {truth:F4}");
            var byDecision = log.ToBanditLog(d => d.Value);
            foreach (var byUser in (bool[])[false, true])
            {
                var bandit = byUser ? byDecision with { Clusters = log.UserIds() } : byDecision;
                // Estimators share nothing, so the two cores each take some.
                var estimates = estimators.AsParallel().AsOrdered().Select(e => e.Estimate(bandit)).ToList();
                foreach (var estimate in estimates)
                {
                    var key = Key(estimate.Estimator, byUser);
                    covered[key] = covered.GetValueOrDefault(key) + (estimate.Covers(truth) ? 1 : 0);
                    line += Invariant($" | {key} {estimate.Value:F3} [{estimate.CiLow:F3}, {estimate.CiHigh:F3}]{(estimate.Covers(truth) ? "" : " miss")}");
                }
            }

            output.WriteLine(line);
            foreach (var d in log.Decisions)
            {
                // The harness itself: goals read from the events must agree with the truth of the logged action.
                var q = d.Truth.TrueGoal[d.Truth.IndexOf(d.Action)];
                residual += d.Goal - q;
                residualVariance += q * (1 - q);
                decisions++;
            }
        }

        output.WriteLine(string.Join(", ", covered.Select(c => Invariant($"{c.Key} {c.Value}/{Seeds}"))));
        output.WriteLine(Invariant($"goals observed − true over {decisions:N0} decisions: {residual:F1} (sd {Math.Sqrt(residualVariance):F1}); {clock.Elapsed.TotalSeconds:F1} s of which simulating {simulating.Elapsed.TotalSeconds:F1} s; process CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s"));
        Assert.True(Math.Abs(residual) < 4 * Math.Sqrt(residualVariance), "the outcomes read from the log disagree with the world's truth");
        foreach (var byUser in (bool[])[false, true])
        {
            Assert.All(["ips", "snips", "dr"], name =>
                Assert.True(covered[Key(name, byUser)] >= Required, $"{Key(name, byUser)} covered the truth {covered[Key(name, byUser)]} times out of {Seeds}"));
        }
    }

    private static string Key(string estimator, bool byUser) => byUser ? estimator + "/user" : estimator;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
