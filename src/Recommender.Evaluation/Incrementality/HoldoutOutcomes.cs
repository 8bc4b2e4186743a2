using Recommender.Core.Catalog;
using Recommender.Evaluation.Replay;

namespace Recommender.Evaluation.Incrementality;

/// <summary>
/// Each user's goals and their value over the evaluation period, with the catalog's holdout membership: what
/// <see cref="HoldoutLift"/> compares. Users are every profile and every user with events, so that a user who did
/// nothing in the period counts as a zero, not as missing.
/// </summary>
internal static class HoldoutOutcomes
{
    public static IEnumerable<HoldoutUser> Of(EvaluationInputs inputs, EvaluationPeriod period)
    {
        var holdout = inputs.Catalog.Policy.Holdout;
        var goalValues = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in inputs.Catalog.Messages)
        {
            goalValues[m.GoalEvent] = Math.Max(goalValues.GetValueOrDefault(m.GoalEvent), m.Value);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in inputs.Users)
        {
            seen.Add(user.UserId);
            double goals = 0, value = 0;
            foreach (var e in user.Events)
            {
                if (period.Contains(e.Timestamp) && goalValues.TryGetValue(e.EventType, out var v))
                {
                    goals++;
                    value += v;
                }
            }

            yield return new HoldoutUser(holdout.Contains(user.UserId), goals, value);
        }

        foreach (var profile in inputs.ProfileList)
        {
            if (seen.Add(profile.UserId))
            {
                yield return new HoldoutUser(holdout.Contains(profile.UserId), 0, 0);
            }
        }
    }
}
