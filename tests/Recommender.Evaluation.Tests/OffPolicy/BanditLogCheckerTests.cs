using Recommender.Evaluation.OffPolicy;

namespace Recommender.Evaluation.Tests.OffPolicy;

/// <summary>Every kind of bad log, the estimator that meets it, and the exact message that tells the caller what to fix.</summary>
public sealed class BanditLogCheckerTests
{
    private static readonly Dictionary<string, (string Estimator, Func<BanditLog> Log)> Cases = new()
    {
        ["null column"] = ("ips", () => TinyLog.Create() with { Rewards = null! }),
        ["empty log"] = ("ips", () => new BanditLogBuilder().Build()),
        ["propensities shorter"] = ("ips", () => TinyLog.Create() with { LoggingPropensities = [0.5, 0.5, 0.5] }),
        ["rewards longer"] = ("snips", () => TinyLog.Create() with { Rewards = [1, 2, 3, 4, 5] }),
        ["target propensities shorter"] = ("ips", () => TinyLog.Create() with { TargetPropensities = [0.5] }),
        ["empty action"] = ("ips", () => Replace(TinyLog.Create(), actions: a => a[2] = "")),
        ["zero propensity"] = ("ips", () => Replace(TinyLog.Create(), propensities: p => p[1] = 0)),
        ["negative propensity"] = ("snips", () => Replace(TinyLog.Create(), propensities: p => p[0] = -0.2)),
        ["propensity above one"] = ("dr", () => Replace(TinyLog.Create(), propensities: p => p[3] = 1.5)),
        ["NaN propensity"] = ("ips", () => Replace(TinyLog.Create(), propensities: p => p[2] = double.NaN)),
        ["all propensities missing"] = ("dr", () => TinyLog.Create() with { LoggingPropensities = [null, null, null, null] }),
        ["target propensity above one"] = ("ips", () => new BanditLogBuilder().Add("A", 0.5, 1, 1.25).Build()),
        ["NaN target propensity"] = ("ips", () => new BanditLogBuilder().Add("A", 0.5, 1, double.NaN).Build()),
        ["NaN reward"] = ("ips", () => Replace(TinyLog.Create(), rewards: r => r[1] = double.NaN)),
        ["infinite reward"] = ("snips", () => Replace(TinyLog.Create(), rewards: r => r[0] = double.PositiveInfinity)),
        ["no target for DM"] = ("dm", () => new BanditLogBuilder().Add("A", 0.5, 1, 0.5).Build()),
        ["no target for DR"] = ("dr", () => new BanditLogBuilder().Add("A", 0.5, 1, 0.5).Build()),
        ["offsets too short"] = ("dm", () => WithTarget(t => t with { Offsets = [0, 2, 4, 8] })),
        ["offsets not from zero"] = ("dm", () => WithTarget(t => t with { Offsets = [1, 2, 4, 6, 8] })),
        ["offsets decreasing"] = ("dr", () => WithTarget(t => t with { Offsets = [0, 4, 2, 6, 8] })),
        ["offsets short of the entries"] = ("dm", () => WithTarget(t => t with { Offsets = [0, 2, 4, 6, 7] })),
        ["probabilities shorter"] = ("dm", () => WithTarget(t => t with { Probabilities = t.Probabilities[..7] })),
        ["predictions longer"] = ("dr", () => WithTarget(t => t with { PredictedRewards = [.. t.PredictedRewards, 1] })),
        ["entry probability negative"] = ("dm", () => WithTarget(t => t with { Probabilities = [0.25, 0.75, 0.5, 0.5, 1.4, -0.4, 0, 1] })),
        ["entry prediction NaN"] = ("dr", () => WithTarget(t => t with { PredictedRewards = [0.5, 1, 1, 2, 0, double.NaN, 1, 1] })),
        ["entry action empty"] = ("dm", () => WithTarget(t => t with { Actions = ["A", "B", "A", "B", "A", "B", "", "B"] })),
        ["action listed twice"] = ("dm", () => WithTarget(t => t with { Actions = ["A", "B", "B", "B", "A", "B", "A", "B"] })),
        ["distribution not summing to one"] = ("dr", () => WithTarget(t => t with { Probabilities = [0.25, 0.75, 0.5, 0.5, 0.4, 0.4, 0, 1] })),
        ["logged action not in distribution"] = ("dm", () => new BanditLogBuilder().Add("A", 0.5, 1, [new("B", 1, 2)]).Build()),
        ["clusters shorter"] = ("ips", () => TinyLog.Create() with { Clusters = ["u1", "u2"] }),
        ["empty cluster"] = ("snips", () => TinyLog.Create() with { Clusters = ["u1", "u1", null!, "u2"] }),
        ["target propensity disagrees"] = ("ips", () => TinyLog.Create() with { TargetPropensities = [0.25, 0.5, 0.3, 1] }),
    };

    public static TheoryData<string, string> Messages => new()
    {
        { "null column", "BanditLog.Rewards is null; every column needs one value per logged decision." },
        { "empty log", "The log is empty: BanditLog.Actions holds no logged decision to evaluate." },
        { "propensities shorter", "BanditLog.LoggingPropensities has 3 rows but BanditLog.Actions has 4; every column needs one value per logged decision." },
        { "rewards longer", "BanditLog.Rewards has 5 rows but BanditLog.Actions has 4; every column needs one value per logged decision." },
        { "target propensities shorter", "BanditLog.TargetPropensities has 1 rows but BanditLog.Actions has 4; every column needs one value per logged decision." },
        { "empty action", "BanditLog.Actions[2] is empty; every logged decision needs its action (a message id or the no-send key)." },
        { "zero propensity", "BanditLog.LoggingPropensities[1] = 0 is outside (0, 1]." },
        { "negative propensity", "BanditLog.LoggingPropensities[0] = -0.2 is outside (0, 1]." },
        { "propensity above one", "BanditLog.LoggingPropensities[3] = 1.5 is outside (0, 1]." },
        { "NaN propensity", "BanditLog.LoggingPropensities[2] is NaN; expected a probability in (0, 1]." },
        { "all propensities missing", "None of the 4 logged decisions has a logging propensity; the doubly robust (DR) estimator needs the probability with which the logging policy took each logged action (the 'propensity' property of message_sent and decision_no_send events)." },
        { "target propensity above one", "BanditLog.TargetPropensities[0] = 1.25 is outside [0, 1]." },
        { "NaN target propensity", "BanditLog.TargetPropensities[0] is NaN; expected a probability in [0, 1]." },
        { "NaN reward", "BanditLog.Rewards[1] = NaN; rewards must be finite numbers." },
        { "infinite reward", "BanditLog.Rewards[0] = Infinity; rewards must be finite numbers." },
        { "no target for DM", "The direct method (DM) estimator needs BanditLog.Target (the target policy's full distribution with the reward model's prediction per action); it is null." },
        { "no target for DR", "The doubly robust (DR) estimator needs BanditLog.Target (the target policy's full distribution with the reward model's prediction per action); it is null." },
        { "offsets too short", "BanditLog.Target.Offsets has 4 entries but BanditLog.Actions has 4 rows; it needs one per logged decision plus one (5)." },
        { "offsets not from zero", "BanditLog.Target.Offsets[0] = 1; it must be 0." },
        { "offsets decreasing", "BanditLog.Target.Offsets[2] = 2 is smaller than Offsets[1] = 4; offsets must not decrease." },
        { "offsets short of the entries", "BanditLog.Target.Offsets[4] = 7; the last offset must equal the number of entries in BanditLog.Target.Actions (8)." },
        { "probabilities shorter", "BanditLog.Target.Probabilities has 7 entries but BanditLog.Target.Actions has 8; every column needs one value per entry." },
        { "predictions longer", "BanditLog.Target.PredictedRewards has 9 entries but BanditLog.Target.Actions has 8; every column needs one value per entry." },
        { "entry probability negative", "BanditLog.Target.Probabilities[4] (decision 2, action 'A') = 1.4 is outside [0, 1]." },
        { "entry prediction NaN", "BanditLog.Target.PredictedRewards[5] (decision 2, action 'B') = NaN; predicted rewards must be finite numbers." },
        { "entry action empty", "BanditLog.Target.Actions[6] (decision 3) is empty; every entry needs its action." },
        { "action listed twice", "Decision 1 lists action 'B' twice in BanditLog.Target; give each action once." },
        { "distribution not summing to one", "The target probabilities of decision 2 sum to 0.8; a policy's distribution over the actions must sum to 1." },
        { "logged action not in distribution", "Decision 0's target distribution has no entry for its logged action 'A'; list it (with probability 0 if the target never takes it) so that the reward model's prediction for it is known." },
        { "clusters shorter", "BanditLog.Clusters has 2 rows but BanditLog.Actions has 4; every column needs one value per logged decision." },
        { "empty cluster", "BanditLog.Clusters[2] is empty; give every decision its cluster (the user id), or set no clusters at all to resample single decisions." },
        { "target propensity disagrees", "BanditLog.TargetPropensities[2] = 0.3 but the target distribution gives the logged action 'A' probability 0.4; they must agree." },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_bad_log_is_refused_with_a_message_that_says_what_to_fix(string name, string message)
    {
        var (estimator, log) = Cases[name];

        var error = Assert.Throws<InvalidBanditLogException>(() => EstimatorTests.Estimator(estimator).Estimate(log()));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Every_case_has_its_message()
    {
        Assert.Equal(Cases.Keys.Order(), Messages.Select(row => (string)row[0]).Order());
    }

    [Fact]
    public void Every_estimator_gives_the_same_verdict_on_the_same_bad_log()
    {
        var log = Replace(TinyLog.Create(), propensities: p => p[1] = 0);

        var messages = OffPolicyEstimator.All().Select(e => Assert.Throws<InvalidBanditLogException>(() => e.Estimate(log)).Message).Distinct();

        Assert.Equal("BanditLog.LoggingPropensities[1] = 0 is outside (0, 1].", Assert.Single(messages));
    }

    [Fact]
    public void A_null_log_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => new InverseProbabilityWeighting().Estimate(null!));
    }

    [Fact]
    public void The_builder_refuses_to_mix_rows_with_and_without_distributions()
    {
        var builder = new BanditLogBuilder().Add("A", 0.5, 1, 0.5);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Add("A", 0.5, 1, [new("A", 1, 1)]));

        Assert.Equal("This builder holds decisions without the target's distribution; add every decision the same way.", error.Message);
    }

    [Fact]
    public void A_builder_given_clusters_for_some_decisions_only_gives_a_log_the_check_refuses()
    {
        var log = new BanditLogBuilder().Add("A", 0.5, 1, 0.5, cluster: "u1").Add("A", 0.5, 1, 0.5).Build();

        var error = Assert.Throws<InvalidBanditLogException>(() => new InverseProbabilityWeighting().Estimate(log));

        Assert.StartsWith("BanditLog.Clusters[1] is empty", error.Message);
    }

    private static BanditLog Replace(
        BanditLog log, Action<string[]>? actions = null, Action<double?[]>? propensities = null, Action<double[]>? rewards = null)
    {
        var a = (string[])log.Actions.Clone();
        var p = (double?[])log.LoggingPropensities.Clone();
        var r = (double[])log.Rewards.Clone();
        actions?.Invoke(a);
        propensities?.Invoke(p);
        rewards?.Invoke(r);
        return log with { Actions = a, LoggingPropensities = p, Rewards = r };
    }

    private static BanditLog WithTarget(Func<TargetDistributions, TargetDistributions> change)
    {
        var log = TinyLog.Create();
        return log with { Target = change(log.Target!) };
    }
}
