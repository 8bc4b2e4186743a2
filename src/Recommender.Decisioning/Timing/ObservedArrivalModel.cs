using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning.Rules;

namespace Recommender.Decisioning.Timing;

/// <summary>
/// The arrival profile read from the user's own behaviour over the history the state keeps exactly: the hours of the
/// local day at which the user acts in the product (<see cref="HourFactors"/>), and the share of the messages on each
/// channel that the user opened or clicked. Both are shrunk towards "no difference", so a user with little history
/// gets factors near 1 and the send-time decision falls back to the model's estimate as it stands.
/// </summary>
/// <remarks>
/// A heuristic read from the fold, not a trained model: it says when and where the user engages, and assumes a
/// message's effect scales with that engagement. Past sends count for the channel they went out on
/// (<see cref="MessageDefinition.ChannelOfSend"/>).
/// </remarks>
public sealed class ObservedArrivalModel : IArrivalModel
{
    /// <summary>
    /// How far back the hours and channels are read: the five weeks the state keeps exactly (a decision sees at least
    /// 30 days; more actions make the hours less noisy).
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(35);

    /// <summary>Pseudo-sends per channel at the pooled rate.</summary>
    private const double ChannelPrior = 4;

    public static ObservedArrivalModel Instance { get; } = new();

    public ArrivalProfile Profile(UserState state, UserProfile? profile, MessageCatalog catalog, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(catalog);
        var from = asOf - Window;
        if (from < state.CompactedBefore)
        {
            from = state.CompactedBefore;
        }

        Span<int> counts = stackalloc int[24];
        counts.Clear();
        var total = from < asOf
            ? state.CountActivityByHour(from, asOf, LocalTime.OffsetOf(asOf, state.ProfileAt(profile, asOf)?.Timezone), counts)
            : 0;
        var hours = HourFactors.From(counts, total, catalog.Policy.QuietHours);
        return new ArrivalProfile(hours, Channels(state, catalog, from, asOf, out var pooled), pooled);
    }

    private static (string Channel, double Rate)[] Channels(UserState state, MessageCatalog catalog, DateTime from, DateTime asOf, out double pooled)
    {
        var byChannel = new List<(string Channel, int Sends, int Reactions)>();
        var (sends, reactions) = (0, 0);

        // Each send on the channel it went out on (its variant, when its message_sent named one the message offers).
        foreach (var send in from < asOf ? state.SendsBetween(from, asOf) : default)
        {
            if (catalog.Find(send.MessageId) is not { } m)
            {
                continue; // a retired message: its channels are unknown
            }

            var channel = m.ChannelOfSend(send.Channel);
            var (opened, clicked) = state.ReactionsTo(send, asOf);
            var reacted = (opened ? 1 : 0) + (clicked ? 1 : 0);
            sends++;
            reactions += reacted;
            var i = byChannel.Count - 1;
            while (i >= 0 && byChannel[i].Channel != channel)
            {
                i--;
            }

            if (i < 0)
            {
                byChannel.Add((channel, 1, reacted));
            }
            else
            {
                byChannel[i] = (channel, byChannel[i].Sends + 1, byChannel[i].Reactions + reacted);
            }
        }

        // Laplace-smoothed, so a user who never reacted still has a positive rate to compare channels by.
        pooled = (reactions + 1.0) / (sends + 2.0);
        var rates = new (string, double)[byChannel.Count];
        for (var i = 0; i < rates.Length; i++)
        {
            var c = byChannel[i];
            rates[i] = (c.Channel, (c.Reactions + ChannelPrior * pooled) / (c.Sends + ChannelPrior));
        }

        return rates;
    }
}
