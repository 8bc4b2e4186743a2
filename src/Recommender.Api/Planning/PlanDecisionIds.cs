using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Recommender.Api.Planning;

/// <summary>
/// The decision id of a user's row in a plan: derived from the plan's instant and the user, so that the same plan made
/// again gives the same ids. The exploration draw is keyed by the id, so the same state, instant and id give the same
/// decision; <c>POST /v1/decisions</c> with this <c>decision_id</c> and <c>as_of</c> reproduces the row.
/// </summary>
public static class PlanDecisionIds
{
    /// <summary>32 hex digits (the shape of the API's own ids), from a 128-bit hash of "plan", the instant and the user.</summary>
    public static string For(DateTime at, string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var text = string.Create(CultureInfo.InvariantCulture, $"plan\n{at.Ticks}\n{userId}");
        return Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));
    }
}
