using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Randomness;

namespace Recommender.Simulation.ClosedLoop;

/// <summary>
/// Runs the synthetic world with a policy under test deciding every day and at every trigger, and measures the
/// outcome from the events it produced (goals, opt-outs) and from the world's truth (incremental value).
/// Users are independent and seeded by index, so every policy meets the same population.
/// </summary>
public static class ClosedLoopRunner
{
    public static SimulationResult Run(
        string policyName, WorldOptions options, MessageCatalog catalog,
        Func<SimulationTally, DeterministicRandom, ISendPolicy> policyFactory, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(policyName, options, catalog, policyFactory, null, progress, cancellationToken);

    /// <summary>As above, adding each user's <see cref="SimulatedOutcome"/> to <paramref name="outcomes"/> (in user order).</summary>
    public static SimulationResult Run(
        string policyName, WorldOptions options, MessageCatalog catalog,
        Func<SimulationTally, DeterministicRandom, ISendPolicy> policyFactory, ICollection<SimulatedOutcome>? outcomes,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var goalValues = GoalValues(catalog);
        var perUser = new List<(string UserId, long Goals, double Value)>();
        var world = options with { DailyDecisionProbability = 1 };
        var tally = new SimulationTally();
        var simulator = new UserSimulator(world, catalog, rng => new MeasuringPolicy(policyFactory(tally, rng), tally));
        long goals = 0, unsubscribes = 0, complaints = 0;
        double realized = 0;
        var done = 0;
        foreach (var block in new WorldGenerator(world, catalog, simulator).Generate(cancellationToken))
        {
            for (var u = 0; u < block.Events.Count; u++)
            {
                var events = block.Events[u];
                if (outcomes is not null)
                {
                    perUser.Add(Reached(block.Users[u].Profile.UserId, events, goalValues));
                }

                var outcome = Measure(events, catalog);
                goals += outcome.Goals;
                realized += outcome.Value;
                unsubscribes += outcome.Unsubscribes;
                complaints += outcome.Complaints;
            }

            done += block.Users.Count;
            progress?.Report(done);
        }

        if (outcomes is not null)
        {
            // After the run: the tally has every send of every user by now.
            foreach (var (user, reached, value) in perUser)
            {
                outcomes.Add(new SimulatedOutcome(user, catalog.Policy.Holdout.Contains(user), reached, value, tally.IncrementalValueOf(user)));
            }
        }

        return new SimulationResult
        {
            Policy = policyName,
            Users = options.Users,
            Days = options.Days,
            Seed = options.Seed,
            Goals = goals,
            TotalValue = Math.Round(tally.ExpectedIncrementalValue, 4),
            RealizedValue = realized,
            Sends = tally.Sends,
            Decisions = tally.Decisions,
            Unsubscribes = unsubscribes,
            Complaints = complaints,
            Suppressions = tally.Suppressions,
        };
    }

    /// <summary>The value of each goal event of the catalog: the largest value of the messages that have it.</summary>
    private static Dictionary<string, double> GoalValues(MessageCatalog catalog)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in catalog.Messages)
        {
            values[m.GoalEvent] = Math.Max(values.GetValueOrDefault(m.GoalEvent), m.Value);
        }

        return values;
    }

    private static (string UserId, long Goals, double Value) Reached(string userId, IReadOnlyList<UserEvent> events, Dictionary<string, double> goalValues)
    {
        long goals = 0;
        double value = 0;
        foreach (var e in events)
        {
            if (goalValues.TryGetValue(e.EventType, out var v))
            {
                goals++;
                value += v;
            }
        }

        return (userId, goals, value);
    }

    private static (long Goals, double Value, long Unsubscribes, long Complaints) Measure(IReadOnlyList<UserEvent> events, MessageCatalog catalog)
    {
        long goals = 0, unsubscribes = 0, complaints = 0;
        double value = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            switch (e.EventType)
            {
                case EventTypes.Unsubscribed:
                    unsubscribes++;
                    break;
                case EventTypes.Complained:
                    complaints++;
                    break;
                case EventTypes.MessageSent when catalog.Find(e.MessageId!) is { } m:
                    var end = e.Timestamp.AddHours(m.GoalWindowHours);
                    for (var j = i + 1; j < events.Count && events[j].Timestamp <= end; j++)
                    {
                        if (events[j].EventType == m.GoalEvent)
                        {
                            goals++;
                            value += m.Value;
                            break;
                        }
                    }

                    break;
            }
        }

        return (goals, value, unsubscribes, complaints);
    }
}
