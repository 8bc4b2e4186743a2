using System.Globalization;
using Recommender.Core.Catalog;

namespace Recommender.Api.Tests.Support;

/// <summary>One send as a property test saw it: when, and which message.</summary>
public sealed record SeenSend(DateTime At, string MessageId);

/// <summary>
/// The contact policy's rules written out naively, for property tests: a send must break no rule together with the
/// sends known before it, in any window that contains it (not only in windows ending at a decision).
/// </summary>
public static class SendRules
{
    public static void Check(MessageCatalog catalog, IReadOnlyList<SeenSend> before, SeenSend send, string context)
    {
        var policy = catalog.Policy;
        var message = catalog.Find(send.MessageId)!;
        var all = before.Append(send).ToList();
        CheckCap(all, send, s => true, policy.Overall, "overall", context);
        CheckCap(all, send, s => catalog.Find(s.MessageId)?.Channel == message.Channel, policy.ChannelCaps.GetValueOrDefault(message.Channel), "channel", context);
        CheckCap(all, send, s => catalog.Find(s.MessageId)?.Category == message.Category, policy.CategoryCaps.GetValueOrDefault(message.Category), "category", context);
        var tick = TimeSpan.FromTicks(1);
        foreach (var other in before)
        {
            var gap = (send.At - other.At).Duration() + tick;
            Assert.True(gap >= TimeSpan.FromHours(policy.MinGapHours), $"min gap broken: {send} and {other}; {context}");
            if (other.MessageId == send.MessageId && message.CooldownHours > 0)
            {
                Assert.True(gap >= TimeSpan.FromHours(message.CooldownHours), $"cooldown broken: {send} and {other}; {context}");
            }
        }

        if (message.MaxSends is { } max)
        {
            Assert.True(all.Count(s => s.MessageId == send.MessageId) <= max, $"max sends broken by {send}; {context}");
        }
    }

    public static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static void CheckCap(List<SeenSend> all, SeenSend send, Func<SeenSend, bool> inScope, FrequencyCap? cap, string scope, string context)
    {
        if (cap is null)
        {
            return;
        }

        var times = all.Where(inScope).Select(s => s.At).Order().ToList();
        foreach (var (length, limit) in new[] { (TimeSpan.FromDays(1), cap.PerDay), (TimeSpan.FromDays(7), cap.PerWeek) })
        {
            if (limit is not { } l)
            {
                continue;
            }

            // Every window [t, t + length) that starts at a send and holds this one.
            foreach (var start in times.Where(t => t <= send.At && send.At < t + length))
            {
                var count = times.Count(t => t >= start && t < start + length);
                Assert.True(count <= l, $"{scope} cap {l} per {length.TotalDays} d broken by {send}: {count} sends from {Iso(start)}; {context}");
            }
        }
    }
}
