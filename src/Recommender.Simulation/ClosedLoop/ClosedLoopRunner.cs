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
        CancellationToken cancellationToken = default)
    {
        var world = options with { DailyDecisionProbability = 1 };
        var tally = new SimulationTally();
        var simulator = new UserSimulator(world, catalog, rng => new MeasuringPolicy(policyFactory(tally, rng), tally));
        long goals = 0, unsubscribes = 0, complaints = 0;
        double realized = 0;
        var done = 0;
        foreach (var block in new WorldGenerator(world, catalog, simulator).Generate(cancellationToken))
        {
            foreach (var events in block.Events)
            {
                var outcome = Measure(events, catalog);
                goals += outcome.Goals;
                realized += outcome.Value;
                unsubscribes += outcome.Unsubscribes;
                complaints += outcome.Complaints;
            }

            done += block.Users.Count;
            progress?.Report(done);
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
