using Recommender.Core.Catalog;

namespace Recommender.Simulation.Tests;

/// <summary>
/// The causal facts the rest of the product relies on, measured from generated events (not read back from
/// the world's parameters): messages work, fatigue hurts, tickets make marketing backfire, users differ.
/// </summary>
public sealed class WorldDynamicsTests(SimulatedLog log) : IClassFixture<SimulatedLog>
{
    [Fact]
    public void Sent_users_reach_the_goal_more_often_than_control_users_of_the_same_message()
    {
        // Compare within message (control rows are held-out candidates of the same message), then pool.
        var lift = 0.0;
        var variance = 0.0;
        foreach (var group in log.Decisions.GroupBy(d => d.Message.Id))
        {
            var sent = group.Where(d => d.Sent).ToList();
            var control = group.Where(d => !d.Sent).ToList();
            if (sent.Count < 30 || control.Count < 30)
            {
                continue;
            }

            var (ps, pc) = (Rate(sent, d => d.GoalReached), Rate(control, d => d.GoalReached));
            lift += (ps - pc) * control.Count;
            variance += (ps * (1 - ps) / sent.Count + pc * (1 - pc) / control.Count) * control.Count * control.Count;
        }

        Assert.True(lift > 4 * Math.Sqrt(variance), $"pooled lift {lift:F1} is not 4 standard errors ({Math.Sqrt(variance):F1}) above zero");
    }

    [Fact]
    public void More_sends_in_the_past_week_raise_the_unsubscribe_rate()
    {
        var sends = log.Decisions.Where(d => d.Sent && d.Message.Category != MessageCategory.Transactional).ToList();
        var calm = sends.Where(d => d.SendsLastWeek <= 1).ToList();
        var busy = sends.Where(d => d.SendsLastWeek >= 3).ToList();
        var (pCalm, pBusy) = (Rate(calm, d => d.OptedOut), Rate(busy, d => d.OptedOut));
        var se = Math.Sqrt(pCalm * (1 - pCalm) / calm.Count + pBusy * (1 - pBusy) / busy.Count);

        Assert.True(busy.Count > 500 && calm.Count > 500, $"too few sends to compare: {calm.Count} calm, {busy.Count} busy");
        Assert.True(pBusy - pCalm > 3 * se, $"opt-out rate after >=3 sends/week {pBusy:P2} vs <=1 {pCalm:P2} (se {se:P2})");
    }

    [Fact]
    public void Open_tickets_lower_the_response_to_marketing_messages()
    {
        var marketing = log.Decisions.Where(d => d.Sent && d.Message.Category == MessageCategory.Marketing).ToList();
        // Response = a click or the goal. Rates differ by message, so each send with a ticket is compared with
        // the no-ticket rate of its own message.
        static bool Responded(MeasuredDecision d) => d.Clicked || d.GoalReached;
        var withTicket = marketing.Where(d => d.OpenTicket).ToList();
        Assert.True(withTicket.Count >= 100, $"only {withTicket.Count} marketing sends hit an open ticket");

        var noTicketRate = marketing.Where(d => !d.OpenTicket).GroupBy(d => d.Message.Id)
            .ToDictionary(g => g.Key, g => Rate(g.ToList(), Responded));
        var expectedWithout = withTicket.Sum(d => noTicketRate[d.Message.Id]);
        var observedWith = withTicket.Count(Responded);
        Assert.True(observedWith < expectedWithout - 3 * Math.Sqrt(expectedWithout),
            $"{observedWith} responses with an open ticket vs {expectedWithout:F1} expected at the no-ticket rates");
    }

    [Fact]
    public void The_response_to_a_message_differs_across_user_groups()
    {
        var guide = log.Decisions.Where(d => d.Sent && d.Message.Id == "integrations_guide").ToList();
        var large = guide.Where(d => d.User.Profile.CompanySize >= 10).ToList();
        var small = guide.Where(d => d.User.Profile.CompanySize < 10).ToList();
        var (pLarge, pSmall) = (Rate(large, d => d.GoalReached), Rate(small, d => d.GoalReached));
        var se = Math.Sqrt(pLarge * (1 - pLarge) / large.Count + pSmall * (1 - pSmall) / small.Count);

        Assert.True(pLarge - pSmall > 3 * se, $"integrations guide: companies of 10+ {pLarge:P1} vs under 10 {pSmall:P1} (se {se:P1})");
    }

    private static double Rate(IReadOnlyCollection<MeasuredDecision> rows, Func<MeasuredDecision, bool> outcome) =>
        rows.Count == 0 ? 0 : rows.Count(outcome) / (double)rows.Count;
}
