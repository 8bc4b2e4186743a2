using System.Collections.Concurrent;
using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Decisioning;
using Recommender.Evaluation.OffPolicy;
using Recommender.Simulation;

namespace Recommender.Evaluation.Tests.Synthetic;

/// <summary>
/// A log of the synthetic world under its logging policy, read back from the events the way <c>evaluate</c> will
/// (action and <c>propensity</c> from <c>message_sent</c> / <c>decision_no_send</c>), each decision paired with the
/// world's truth at that instant, and turned into bandit logs for the target policy.
/// </summary>
/// <remarks>
/// The reward of decision i is the goal of its message (sent or held out) within the goal window, counting only goals
/// the world had determined by the time of decision i: the world numbers events as it creates them, a goal drawn at
/// the decision is created right after the decision's own event, and goals drawn earlier have smaller numbers. A later
/// decision inside the window that draws the same goal again is left out, because the truth at decision i cannot know
/// of it; counting it would bias no-send rows upwards (held-out messages are not in cooldown, so they come back).
/// Decisions in the last <see cref="LongestWindowHours"/> of the period are left out, whatever their window, so that
/// every outcome is complete and the cut does not depend on the action taken.
/// </remarks>
internal sealed class SyntheticLog
{
    private const double LongestWindowHours = 168;

    private SyntheticLog(WorldOptions options, List<LoggedDecision> decisions)
    {
        Options = options;
        Decisions = decisions;
    }

    public WorldOptions Options { get; }

    public IReadOnlyList<LoggedDecision> Decisions { get; }

    public static SyntheticLog Generate(WorldOptions options)
    {
        var catalog = SyntheticCatalog.Create();
        var truths = new ConcurrentDictionary<string, DecisionTruth>(StringComparer.Ordinal);
        var simulator = new UserSimulator(options, catalog,
            rng => new TruthRecordingPolicy(new LoggingPolicy(options, rng), options, truths));
        var decisions = new List<LoggedDecision>();
        var cutoff = options.End.AddHours(-LongestWindowHours);
        foreach (var block in new WorldGenerator(options, catalog, simulator).Generate())
        {
            foreach (var events in block.Events)
            {
                ReadDecisions(events, catalog, truths, cutoff, decisions);
            }
        }

        return new SyntheticLog(options, decisions);
    }

    /// <summary>The true value per decision of the target policy on these decisions: the mean of Σₐ π(a | xᵢ) q(xᵢ, a).</summary>
    public double TrueTargetValue(Func<DecisionTruth, double[]> metric) =>
        Decisions.Average(d => d.Truth.TargetExpectation(metric(d.Truth)));

    /// <summary>
    /// The bandit log for one metric. The reward model for DM and DR is deliberately crude: the average logged reward
    /// of each action, blind to the context. DR must stay right anyway; DM is only as good as that.
    /// </summary>
    public BanditLog ToBanditLog(Func<LoggedDecision, double> reward)
    {
        var model = Decisions.GroupBy(d => d.Action, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(reward), StringComparer.Ordinal);
        var fallback = Decisions.Average(reward);
        var builder = new BanditLogBuilder();
        foreach (var d in Decisions)
        {
            var target = new TargetAction[d.Truth.Actions.Length];
            for (var a = 0; a < target.Length; a++)
            {
                var action = d.Truth.Actions[a];
                target[a] = new TargetAction(action, d.Truth.Target[a], model.GetValueOrDefault(action, fallback));
            }

            builder.Add(d.Action, d.Propensity, reward(d), target);
        }

        return builder.Build();
    }

    /// <summary>Each decision's user, in order: the clusters of a bootstrap over users.</summary>
    public string[] UserIds() => [.. Decisions.Select(d => d.UserId)];

    private static void ReadDecisions(
        IReadOnlyList<UserEvent> events, MessageCatalog catalog, ConcurrentDictionary<string, DecisionTruth> truths,
        DateTime cutoff, List<LoggedDecision> output)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var sent = e.EventType == EventTypes.MessageSent;
            if ((!sent && e.EventType != EventTypes.DecisionNoSend) || e.Timestamp >= cutoff)
            {
                continue;
            }

            var decisionId = EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId)
                ?? throw new InvalidOperationException($"{e.EventId} has no decision_id.");
            var propensity = EventPropertyReader.GetDouble(e.Properties, EventProperties.Propensity)
                ?? throw new InvalidOperationException($"{e.EventId} has no propensity.");
            var truth = truths[decisionId];
            var action = sent ? e.MessageId! : Decision.NoSendAction;
            var logged = truth.IndexOf(action);
            if (logged < 0 || Math.Abs(truth.Logging[logged] - propensity) > 1e-12)
            {
                throw new InvalidOperationException($"{e.EventId}: logged propensity {propensity} of '{action}' is not the recorded logging distribution's.");
            }

            var message = catalog.Find(e.MessageId!)!;
            var goal = GoalDeterminedAt(events, i, message) ? 1.0 : 0.0;
            output.Add(new LoggedDecision(e.UserId, action, propensity, goal * message.Value, goal, truth));
        }
    }

    /// <summary>Whether message's goal happens in (t, t + window] among the events created no later than decision i's own draw.</summary>
    private static bool GoalDeterminedAt(IReadOnlyList<UserEvent> events, int i, MessageDefinition message)
    {
        var decision = events[i];
        var end = decision.Timestamp.AddHours(message.GoalWindowHours);
        var lastCreated = Sequence(decision) + 1;
        for (var j = i + 1; j < events.Count && events[j].Timestamp <= end; j++)
        {
            if (events[j].EventType == message.GoalEvent && events[j].Timestamp > decision.Timestamp && Sequence(events[j]) <= lastCreated)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The world's creation number of an event: the digits after the user id in <c>{user}-{number}</c>.</summary>
    private static int Sequence(UserEvent e) =>
        int.Parse(e.EventId.AsSpan(e.EventId.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
}
