using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Simulation;

namespace Recommender.Simulation.Tests;

/// <summary>
/// A generated log and the outcome of each send or control decision measured from the events themselves
/// (goal event within the window, opt-out within a week), the way an analyst would measure it.
/// Generated once per test class through <see cref="IClassFixture{T}"/>.
/// </summary>
public sealed class SimulatedLog
{
    public SimulatedLog()
    {
        Options = new WorldOptions { Users = 3_000, Days = 60, Seed = 11 };
        Catalog = SyntheticCatalog.Create();
        var generator = new WorldGenerator(Options, Catalog);
        foreach (var block in generator.Generate())
        {
            for (var i = 0; i < block.Users.Count; i++)
            {
                Users.Add(block.Users[i]);
                Decisions.AddRange(Measure(block.Users[i], block.Events[i]));
            }
        }
    }

    public WorldOptions Options { get; }

    public MessageCatalog Catalog { get; }

    public List<SimulatedUser> Users { get; } = [];

    public List<MeasuredDecision> Decisions { get; } = [];

    private IEnumerable<MeasuredDecision> Measure(SimulatedUser user, IReadOnlyList<UserEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.EventType is not (EventTypes.MessageSent or EventTypes.DecisionNoSend) || e.MessageId is null)
            {
                continue;
            }

            var m = Catalog.Find(e.MessageId)!;
            var goalEnd = e.Timestamp.AddHours(m.GoalWindowHours);
            var optOutEnd = e.Timestamp.AddDays(7);
            var goal = false;
            var optOut = false;
            var clicked = false;
            for (var j = i + 1; j < events.Count && events[j].Timestamp <= optOutEnd; j++)
            {
                goal |= events[j].EventType == m.GoalEvent && events[j].Timestamp <= goalEnd;
                optOut |= events[j].EventType is EventTypes.Unsubscribed or EventTypes.Complained;
                clicked |= events[j].EventType == EventTypes.MessageClicked && events[j].MessageId == m.Id && events[j].Timestamp <= goalEnd;
            }

            var sendsLastWeek = 0;
            var openTickets = new HashSet<string>();
            for (var j = 0; j < i; j++)
            {
                var before = events[j];
                if (before.EventType == EventTypes.MessageSent && before.Timestamp > e.Timestamp.AddDays(-7))
                {
                    sendsLastWeek++;
                }
                else if (before.EventType == EventTypes.TicketOpened)
                {
                    openTickets.Add(before.Properties!);
                }
                else if (before.EventType == EventTypes.TicketClosed)
                {
                    openTickets.Remove(before.Properties!);
                }
            }

            yield return new MeasuredDecision(user, m, e.EventType == EventTypes.MessageSent, goal, clicked, optOut, sendsLastWeek, openTickets.Count > 0);
        }
    }
}

public sealed record MeasuredDecision(
    SimulatedUser User, MessageDefinition Message, bool Sent, bool GoalReached, bool Clicked, bool OptedOut, int SendsLastWeek, bool OpenTicket);
