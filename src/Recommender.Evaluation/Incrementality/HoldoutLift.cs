namespace Recommender.Evaluation.Incrementality;

/// <summary>
/// Incrementality from the global holdout: what messaging added per user, as the difference between the messaged users'
/// and the held-out users' mean goals and value over a period. The holdout is a random, persistent share of users
/// (a salted hash of the id), so the difference estimates the effect of everything the product sent, with no model and
/// no logged propensity involved: the check that the off-policy estimates and the models cannot give.
/// </summary>
/// <remarks>
/// The interval is the normal one for a difference of two independent means with unequal variances (Welch): users are
/// independent draws and each group has hundreds at least, so the sample means are close to normal.
/// </remarks>
public sealed record HoldoutLift(long HeldOutUsers, long MessagedUsers, GroupDifference GoalsPerUser, GroupDifference ValuePerUser)
{
    private const double Z95 = 1.959963984540054;

    /// <summary>The lift of <paramref name="users"/>; null when either group is empty or has a single user (no variance to estimate).</summary>
    public static HoldoutLift? Estimate(IEnumerable<HoldoutUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var all = users.ToArray();
        var heldOut = all.Where(u => u.HeldOut).ToArray();
        var messaged = all.Where(u => !u.HeldOut).ToArray();
        if (heldOut.Length < 2 || messaged.Length < 2)
        {
            return null;
        }

        return new HoldoutLift(
            heldOut.Length,
            messaged.Length,
            Difference([.. messaged.Select(u => u.Goals)], [.. heldOut.Select(u => u.Goals)]),
            Difference([.. messaged.Select(u => u.Value)], [.. heldOut.Select(u => u.Value)]));
    }

    private static GroupDifference Difference(double[] messaged, double[] heldOut)
    {
        var (m1, v1) = MeanAndVariance(messaged);
        var (m0, v0) = MeanAndVariance(heldOut);
        var lift = m1 - m0;
        var se = Math.Sqrt(v1 / messaged.Length + v0 / heldOut.Length);
        return new GroupDifference(m1, m0, lift, lift - Z95 * se, lift + Z95 * se);
    }

    private static (double Mean, double Variance) MeanAndVariance(double[] values)
    {
        var mean = values.Average();
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return (mean, squares / (values.Length - 1));
    }
}
