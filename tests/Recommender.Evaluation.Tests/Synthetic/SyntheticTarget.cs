using Recommender.Core.Catalog;

namespace Recommender.Evaluation.Tests.Synthetic;

/// <summary>
/// The fixed target policy under evaluation, on the logging policy's own action space at each decision point: send
/// nothing a quarter of the time, otherwise pick an eligible message in proportion to the square root of its value.
/// It favours the valuable, rarely chosen messages the logging policy's priorities neglect, so its value differs
/// from the logger's and its weights reach well above one, yet every action it takes the logger also takes.
/// </summary>
internal static class SyntheticTarget
{
    public const double NoSend = 0.25;

    /// <summary>π over the eligible messages in order, then no-send last.</summary>
    public static double[] Distribution(IReadOnlyList<MessageDefinition> eligible)
    {
        var pi = new double[eligible.Count + 1];
        var total = eligible.Sum(m => Math.Sqrt(m.Value));
        for (var a = 0; a < eligible.Count; a++)
        {
            pi[a] = (1 - NoSend) * Math.Sqrt(eligible[a].Value) / total;
        }

        pi[^1] = NoSend;
        return pi;
    }
}
