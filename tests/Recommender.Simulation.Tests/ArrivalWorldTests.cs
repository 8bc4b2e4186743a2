using Recommender.Core.Events;
using Recommender.Core.Randomness;

namespace Recommender.Simulation.Tests;

/// <summary>
/// The world's hidden active hours and per-channel responsiveness: a message's effect depends on the hour and the
/// channel it arrives on, and the traits show in what users do (when they act, what they open).
/// </summary>
public sealed class ArrivalWorldTests
{
    [Fact]
    public void The_hour_lift_averages_one_over_the_worlds_decision_hours_and_peaks_at_the_users_active_hour()
    {
        var options = new WorldOptions();
        for (var i = 0; i < 500; i++)
        {
            var a = Population.Draw(options, i).Traits.Arrival;
            var mean = Enumerable.Range(ArrivalTraits.DecisionHourFrom, ArrivalTraits.DecisionHourTo - ArrivalTraits.DecisionHourFrom).Average(a.HourLift);
            var uncapped = Enumerable.Range(0, 24).All(h => a.HourLift(h) < ArrivalTraits.MaxHourLift);
            if (uncapped)
            {
                Assert.Equal(1, mean, 9);
            }

            var peak = Enumerable.Range(0, 24).MaxBy(a.HourLift);
            var distance = Math.Abs(peak + 0.5 - a.PeakHour);
            Assert.True(Math.Min(distance, 24 - distance) <= 0.5 || a.HourLift(peak) >= ArrivalTraits.MaxHourLift,
                $"user {i}: peak hour {a.PeakHour:F2}, highest lift at {peak}");
        }
    }

    [Fact]
    public void A_flat_user_keeps_the_old_organic_hours()
    {
        var rng = new DeterministicRandom(11);
        for (var i = 0; i < 1_000; i++)
        {
            var u = rng.NextDouble();
            Assert.Equal(7 + 16 * u, ArrivalTraits.Flat.OrganicHour(u), 9);
        }
    }

    [Fact]
    public void The_lift_of_a_message_scales_with_the_hour_and_the_channel_it_arrives_on()
    {
        var options = new WorldOptions();
        var catalog = SyntheticCatalog.Create();
        var message = catalog.Find("webinar_invite")!;
        var checkedUsers = 0;
        for (var i = 0; i < 200; i++)
        {
            var user = Population.Draw(options, i);
            var state = new UserWorldState(user, options);
            var a = user.Traits.Arrival;
            var day = user.SignupAt.Date.AddDays(2);
            var (best, worst) = (Hour(state, day, h => -a.HourLift(h)), Hour(state, day, h => a.HourLift(h)));
            var push = message with { Channel = "push" };
            var atBest = ResponseModel.Lift(state, message, best);
            if (atBest >= 0.9 || atBest <= 0)
            {
                continue; // capped or without effect: no ratio to read
            }

            checkedUsers++;
            var ratio = a.HourLift(state.LocalHour(best)) / a.HourLift(state.LocalHour(worst));
            Assert.Equal(ratio, atBest / ResponseModel.Lift(state, message, worst), 6);
            Assert.Equal(a.Push / a.Email, ResponseModel.Lift(state, push, best) / atBest, 6);
            Assert.True(ResponseModel.OpenProbability(state, message, best) > ResponseModel.OpenProbability(state, message, worst));
        }

        Assert.True(checkedUsers > 100, $"only {checkedUsers} users checked");
    }

    [Fact]
    public void Users_act_in_the_product_around_their_hidden_active_hours()
    {
        var options = new WorldOptions { Users = 600, Days = 45, Seed = 4 };
        var catalog = SyntheticCatalog.Create();
        var simulator = UserSimulator.WithLoggingPolicy(options, catalog);
        var (near, users) = (0, 0);
        for (var u = 0; u < options.Users; u++)
        {
            var user = Population.Draw(options, u);
            var state = new UserWorldState(user, options);
            var hours = simulator.Run(user)
                .Where(e => OrganicBehaviour.DailyTypes.Contains(e.EventType))
                .Select(e => state.LocalHour(e.Timestamp))
                .ToList();
            if (hours.Count < 30)
            {
                continue;
            }

            users++;
            var mode = hours.GroupBy(h => h).MaxBy(g => g.Count())!.Key;
            var distance = Math.Abs(mode + 0.5 - user.Traits.Arrival.PeakHour);
            near += distance <= 2.5 ? 1 : 0;
        }

        Assert.True(users > 100, $"only {users} users with 30 actions");
        Assert.True(near > 0.8 * users, $"{near} of {users} users' busiest hour is within 2.5 h of their peak");
    }

    [Fact]
    public void Users_open_more_of_the_messages_on_the_channel_that_reaches_them()
    {
        // The logging policy sends every message on its own channel; email is the catalog's main one. Users whose email
        // responsiveness is in the top third open a larger share of their emails than those in the bottom third.
        var options = new WorldOptions { Users = 1_500, Days = 45, Seed = 6 };
        var catalog = SyntheticCatalog.Create();
        var simulator = UserSimulator.WithLoggingPolicy(options, catalog);
        var rows = new List<(double Email, int Sends, int Opens)>();
        for (var u = 0; u < options.Users; u++)
        {
            var user = Population.Draw(options, u);
            var events = simulator.Run(user);
            var emails = events.Where(e => e.EventType == EventTypes.MessageSent && catalog.Find(e.MessageId!)!.Channel == "email").ToList();
            var opened = events.Count(e => e.EventType == EventTypes.MessageOpened && catalog.Find(e.MessageId!)!.Channel == "email");
            rows.Add((user.Traits.Arrival.Email, emails.Count, opened));
        }

        var sorted = rows.OrderBy(r => r.Email).ToList();
        var third = sorted.Count / 3;
        static double Rate(IEnumerable<(double Email, int Sends, int Opens)> g) => (double)g.Sum(r => r.Opens) / g.Sum(r => r.Sends);
        var (low, high) = (Rate(sorted.Take(third)), Rate(sorted.Skip(2 * third)));
        Assert.True(high > low * 1.15, $"open rate of email: {high:P1} (most responsive third) vs {low:P1} (least)");
    }

    /// <summary>The instant of <paramref name="day"/> (UTC) between 8:00 and 21:00 local whose hour minimises <paramref name="key"/>.</summary>
    private static DateTime Hour(UserWorldState state, DateTime day, Func<int, double> key)
    {
        var instants = Enumerable.Range(0, 48).Select(k => DateTime.SpecifyKind(day.AddHours(k), DateTimeKind.Utc).AddMinutes(30))
            .Where(t => state.LocalHour(t) is >= 8 and < 21);
        return instants.MinBy(t => key(state.LocalHour(t)));
    }
}
