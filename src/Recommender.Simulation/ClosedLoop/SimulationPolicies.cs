using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Core.Randomness;
using Recommender.Decisioning;
using Recommender.Decisioning.Timing;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// The policies <c>recommender simulate</c> compares. All but <c>drip</c> go through the same decision engine and
/// hard rules; they differ only in the probabilities they score with.
/// <list type="bullet">
/// <item><c>random</c>: uniform over the eligible messages and "send nothing".</item>
/// <item><c>drip</c>: <see cref="DripPolicy"/>, the event-triggered baseline.</item>
/// <item><c>propensity-only</c>: the trained model's P(goal | send), ignoring uplift and fatigue.</item>
/// <item><c>model</c>: the trained models through the full decision rule, every send now on the message's own channel.</item>
/// <item><c>model-timed</c>: the same, deciding also when (a 24-hour look-ahead) and on which of the message's channels,
/// with the arrival factor read from the user's behaviour (<see cref="ObservedArrivalModel"/>).</item>
/// <item><c>oracle</c>: the world's true probabilities, hours and channels through the full decision rule with the
/// same look-ahead: the ceiling.</item>
/// <item><c>oracle-now</c>: the world's true probabilities of a send now on the message's own channel: the ceiling of
/// "which message" alone.</item>
/// <item>Two diagnostics that split the gap between <c>model-timed</c> and <c>oracle</c>: <c>model-true-timing</c> (the
/// trained models with the world's hours and channels) and <c>oracle-observed-timing</c> (the world's probabilities with
/// the hours and channels read from behaviour), and <c>oracle-observed-hours</c> (the world's probabilities and
/// channels, the hours read from behaviour), which splits the latter's loss between hours and channels.</item>
/// </list>
/// </summary>
public static class SimulationPolicies
{
    public static IReadOnlyList<string> Names { get; } =
        ["random", "drip", "propensity-only", "model", "model-timed", "oracle", "oracle-now", "model-true-timing", "oracle-observed-timing", "oracle-observed-hours"];

    /// <summary>The factory for <paramref name="name"/>; <paramref name="model"/> is required by the model-based ones.</summary>
    public static Func<SimulationTally, DeterministicRandom, ISendPolicy> Create(string name, MessageCatalog catalog, ulong seed, ICandidateScorer? model = null)
    {
        switch (name)
        {
            case "random":
                var uniform = catalog with { Policy = catalog.Policy with { ExplorationRate = 1, MinExpectedValue = double.NegativeInfinity } };
                return (tally, _) => new EnginePolicy(new DecisionEngine(new ConstantScorer(), seed), tally, uniform);
            case "drip":
                return (_, _) => new DripPolicy();
            case "oracle":
                return (tally, _) =>
                {
                    // One per user: they hold that user's current decision point.
                    var oracle = new OracleScorer { HourNeutral = true };
                    var arrival = new OracleArrivalModel();
                    return new EnginePolicy(
                        new DecisionEngine(oracle, seed, arrival), tally,
                        beforeDecide: context => (oracle.Current, arrival.Current) = (context, context),
                        sendTime: new SendTimeOptions());
                };
            case "oracle-now":
                return (tally, _) =>
                {
                    var oracle = new OracleScorer();
                    return new EnginePolicy(new DecisionEngine(oracle, seed), tally, beforeDecide: context => oracle.Current = context);
                };
            case "model":
                var scorer = model ?? throw new ArgumentException("The model policy needs a trained model (model:DIR).", nameof(model));
                return (tally, _) => new EnginePolicy(new DecisionEngine(scorer, seed), tally);
            case "model-true-timing":
                var withTruth = model ?? throw new ArgumentException("The model-true-timing policy needs a trained model.", nameof(model));
                return (tally, _) =>
                {
                    var arrival = new OracleArrivalModel();
                    return new EnginePolicy(
                        new DecisionEngine(withTruth, seed, arrival), tally, beforeDecide: context => arrival.Current = context, sendTime: new SendTimeOptions());
                };
            case "oracle-observed-timing":
                return (tally, _) =>
                {
                    var oracle = new OracleScorer { HourNeutral = true };
                    return new EnginePolicy(new DecisionEngine(oracle, seed), tally, beforeDecide: context => oracle.Current = context, sendTime: new SendTimeOptions());
                };
            case "oracle-observed-hours":
                return (tally, _) =>
                {
                    var oracle = new OracleScorer { HourNeutral = true };
                    var truth = new OracleArrivalModel();
                    return new EnginePolicy(
                        new DecisionEngine(oracle, seed, new ObservedHoursArrivalModel(truth)), tally,
                        beforeDecide: context => (oracle.Current, truth.Current) = (context, context), sendTime: new SendTimeOptions());
                };
            case "model-timed":
                var timed = model ?? throw new ArgumentException("The model-timed policy needs a trained model (model-timed:DIR).", nameof(model));
                return (tally, _) => new EnginePolicy(new DecisionEngine(timed, seed), tally, sendTime: new SendTimeOptions());
            case "propensity-only":
                var propensity = new PropensityOnlyScorer(model ?? throw new ArgumentException("The propensity-only policy needs a trained model.", nameof(model)));
                return (tally, _) => new EnginePolicy(new DecisionEngine(propensity, seed), tally);
            default:
                throw new ArgumentException($"Unknown policy '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
        }
    }

    /// <summary>Scores every candidate alike: the choice is left to exploration.</summary>
    private sealed class ConstantScorer : ICandidateScorer
    {
        public string? Version => "random";

        public bool EstimatesNoSend => false;

        public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf) => new(0.5, 0, 0);
    }

    /// <summary>Classic propensity targeting: P(goal | send) only, as if the goal would never happen anyway and sends cost nothing.</summary>
    private sealed class PropensityOnlyScorer(ICandidateScorer model) : ICandidateScorer
    {
        public string? Version => model.Version + "+propensity-only";

        public bool EstimatesNoSend => false;

        public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf) =>
            model.Score(state, profile, message, asOf) with { PGoalNoSend = 0, PUnsubscribe = 0 };
    }
}
