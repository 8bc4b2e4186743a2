using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features.State;
using Recommender.Core.Profiles;

namespace Recommender.Core.Features;

/// <summary>
/// <c>features = Extract(state, profile, message, asOf)</c>: the one feature code path, offline and online.
/// Pure: it reads nothing but its arguments (no clock), sees only events strictly before <c>asOf</c>, and
/// windows are [<c>asOf − d</c>, <c>asOf</c>). Writes into a caller's span without allocating, except for a user
/// whose state holds dated profile values: that costs one profile as it stood at <c>asOf</c> per call.
/// </summary>
public sealed class FeatureExtractor
{
    private const long ThirtyDays = 30 * TimeSpan.TicksPerDay;

    public FeatureExtractor(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
    }

    public FeatureSchema Schema { get; }

    /// <summary>Allocating convenience over <see cref="Extract(UserState, UserProfile?, MessageDefinition, DateTime, Span{float})"/>.</summary>
    public float[] Extract(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf)
    {
        var values = new float[Schema.Count];
        Extract(state, profile, message, asOf, values);
        return values;
    }

    /// <summary>Writes the <see cref="FeatureSchema.Count"/> features of <paramref name="message"/> for this user at <paramref name="asOf"/>.</summary>
    /// <param name="profile">The user's undated profile; null when unknown (profile features read as missing unless dated values in the state give them).</param>
    /// <exception cref="InvalidOperationException">The state was compacted past what <paramref name="asOf"/> needs (see <see cref="UserState.ExactFrom"/>).</exception>
    public void Extract(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        ExtractUser(state, profile, asOf, destination);
        var indices = Schema.MessageFeatureIndexArray;
        Span<float> own = indices.Length <= 256 ? stackalloc float[indices.Length] : new float[indices.Length];
        ExtractMessage(state, message, asOf, own);
        for (var i = 0; i < indices.Length; i++)
        {
            destination[indices[i]] = own[i];
        }
    }

    /// <summary>
    /// Writes every feature that does not depend on the message; the positions in
    /// <see cref="FeatureSchema.MessageFeatureIndices"/> are set to 0. Together with <see cref="ExtractMessage"/> it
    /// gives exactly what <see cref="Extract(UserState, UserProfile?, MessageDefinition, DateTime, Span{float})"/>
    /// gives, which is built from the two: serving computes this part once per decision, not once per candidate.
    /// </summary>
    public void ExtractUser(UserState state, UserProfile? profile, DateTime asOf, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (destination.Length < Schema.Count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the schema has {Schema.Count} features.", nameof(destination));
        }

        state.RequireExactFeatures(asOf);
        var at = asOf.Ticks;
        var w = new FeatureWriter(destination);

        // Point in time: the profile as its dated values stood just before asOf (itself when it has none).
        profile = state.ProfileAt(profile, asOf);
        WriteBehaviour(ref w, state, profile, at);
        WriteMessaging(ref w, state, at);
        WriteSupportAndProfile(ref w, state, profile, at);
        if (Schema.Options.TimeAndChannel)
        {
            WriteTimeAndChannel(ref w, state, profile, asOf);
        }

        if (w.Position != Schema.MessageBlockStart)
        {
            throw new InvalidOperationException($"Wrote {w.Position} user features where the message block starts at {Schema.MessageBlockStart}: the extractor and FeatureNames disagree.");
        }

        destination[Schema.MessageBlockStart..Schema.Count].Clear();
    }

    /// <summary>
    /// Writes the features that depend on <paramref name="message"/>, in the order of
    /// <see cref="FeatureSchema.MessageFeatureIndices"/>, into <paramref name="destination"/> (one value per index).
    /// </summary>
    public void ExtractMessage(UserState state, MessageDefinition message, DateTime asOf, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        if (destination.Length < Schema.MessageFeatureIndexArray.Length)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} values; the schema has {Schema.MessageFeatureIndexArray.Length} message features.", nameof(destination));
        }

        state.RequireExactFeatures(asOf);
        var at = asOf.Ticks;
        var w = new FeatureWriter(destination);
        w.Add(state.OptOuts.IsUnsubscribed(CategoryNames.Of(message.Category), at) ? 1 : 0);
        WriteMessage(ref w, state, message, at);
        if (w.Position != Schema.MessageFeatureIndexArray.Length)
        {
            throw new InvalidOperationException($"Wrote {w.Position} message features for a schema of {Schema.MessageFeatureIndexArray.Length}: the extractor and FeatureNames disagree.");
        }
    }

    private void WriteBehaviour(ref FeatureWriter w, UserState state, UserProfile? profile, long at)
    {
        foreach (var type in Schema.TypeArray)
        {
            var s = state.Types.GetValueOrDefault(type);
            WriteWindows(ref w, s, at);
            w.Add(s?.CountBefore(at) ?? 0);
            w.Add(s is not null && s.TryGetFirstBefore(at, out var first) ? Days(at - first) : FeatureValues.Missing);
            w.Add(s is not null && s.TryGetLastBefore(at, out var last) ? Days(at - last) : FeatureValues.Missing);
        }

        w.Add(state.ActiveDays.CountActiveDays(at - ThirtyDays, at));
        w.Add(profile?.SignupAt is { } signup ? Days(at - signup.Ticks) : FeatureValues.Missing);
    }

    private void WriteMessaging(ref FeatureWriter w, UserState state, long at)
    {
        var sent = state.Types.GetValueOrDefault(EventTypes.MessageSent);
        WriteWindows(ref w, sent, at);
        w.Add(sent is not null && sent.TryGetLastBefore(at, out var lastSend) ? Hours(at - lastSend) : FeatureValues.Missing);

        var windows = FeatureSchema.Windows.Length;
        Span<int> byCategory = stackalloc int[CategoryNames.Count * windows];
        Span<int> byChannel = stackalloc int[Schema.ChannelArray.Length * windows];
        byCategory.Clear();
        byChannel.Clear();
        var sends = state.Sends.Items;
        var lo = state.Sends.LowerBound(at - ThirtyDays);
        var hi = state.Sends.LowerBound(at);
        for (var i = lo; i < hi; i++)
        {
            if (!Schema.MessageSlots.TryGetValue(sends[i].Message.Id, out var slot))
            {
                continue;
            }

            for (var k = 0; k < windows; k++)
            {
                if (sends[i].Ticks >= at - FeatureSchema.Windows[k].Ticks)
                {
                    byCategory[slot.Category * windows + k]++;
                    byChannel[slot.Channel * windows + k]++;
                }
            }
        }

        foreach (var count in byCategory)
        {
            w.Add(count);
        }

        foreach (var count in byChannel)
        {
            w.Add(count);
        }

        var recent = Math.Min(FeatureValues.RecentSends, hi - lo);
        int opened = 0, clicked = 0;
        for (var i = hi - recent; i < hi; i++)
        {
            var m = sends[i].Message;
            opened += m.ReactedBefore(m.Opens, sends[i].Ticks, at) ? 1 : 0;
            clicked += m.ReactedBefore(m.Clicks, sends[i].Ticks, at) ? 1 : 0;
        }

        var unopened = 0;
        for (var i = hi - 1; i >= lo && !sends[i].Message.ReactedBefore(sends[i].Message.Opens, sends[i].Ticks, at); i--)
        {
            unopened++;
        }

        w.Add(recent);
        w.Add(recent == 0 ? FeatureValues.Missing : opened / (double)recent);
        w.Add(recent == 0 ? FeatureValues.Missing : clicked / (double)recent);
        w.Add(unopened);
        w.Add(0); // optout.message_category: the message's, written by ExtractMessage
        w.Add(state.OptOuts.IsUnsubscribedFromAll(at) ? 1 : 0);
        w.Add(state.Types.GetValueOrDefault(EventTypes.Complained)?.CountBefore(at) > 0 ? 1 : 0);
    }

    private void WriteSupportAndProfile(ref FeatureWriter w, UserState state, UserProfile? profile, long at)
    {
        var tickets = state.Types.GetValueOrDefault(EventTypes.TicketOpened);
        var kb = state.Types.GetValueOrDefault(EventTypes.KbArticleViewed);
        w.Add(state.Tickets.OpenAt(at));
        w.Add(tickets?.CountBetween(at - ThirtyDays, at) ?? 0);
        w.Add(tickets is not null && tickets.TryGetLastBefore(at, out var lastTicket) ? Hours(at - lastTicket) : FeatureValues.Missing);
        w.Add(kb?.CountBetween(at - 7 * TimeSpan.TicksPerDay, at) ?? 0);
        w.Add(kb?.CountBetween(at - ThirtyDays, at) ?? 0);

        var size = profile?.CompanySize;
        w.Add(size is { } n ? n : FeatureValues.Missing);
        w.Add(size is { } m ? Math.Log(1.0 + m) : FeatureValues.Missing);
        w.OneHot(Schema.PlanArray, profile?.Plan);
        foreach (var column in Schema.NumericArray)
        {
            // Non-finite values count as absent: the vector stays NaN-free.
            var value = 0.0;
            var present = profile is not null && profile.Numeric.TryGetValue(column, out value) && double.IsFinite(value);
            w.Add(present ? value : 0);
            w.Add(present ? 1 : 0);
        }

        foreach (var (column, values) in Schema.CategoricalArray)
        {
            w.OneHot(values, profile?.Categorical.GetValueOrDefault(column));
        }
    }

    /// <summary>
    /// When and where the user engages, as of the decision's local hour and weekday (the profile's zone; UTC without
    /// one, as everywhere): the user's product actions of the last 30 days in the three local hours around this one and
    /// on this weekday, each relative to an even spread (1: as many as average, <see cref="FeatureValues.Missing"/>
    /// without actions), and per channel the share of the last 30 days' sends on it that were opened and clicked (each
    /// send on the channel it went out on, <see cref="MessageDefinition.ChannelOfSend"/>).
    /// </summary>
    /// <remarks>
    /// Ratios rather than counts: the model is to learn whether a message works better at a user's busy hours, and a
    /// count mixes how busy the hour is with how active the user is at all (which other features already say).
    /// </remarks>
    private void WriteTimeAndChannel(ref FeatureWriter w, UserState state, UserProfile? profile, DateTime asOf)
    {
        var offset = LocalTime.OffsetOf(asOf, profile?.Timezone);
        var local = asOf.Ticks + offset.Ticks;
        var hour = UserState.LocalHour(local);
        var weekday = UserState.LocalWeekday(local);
        Span<int> hours = stackalloc int[24];
        Span<int> weekdays = stackalloc int[7];
        hours.Clear();
        weekdays.Clear();
        var total = state.CountActivity(asOf.AddTicks(-ThirtyDays), asOf, offset, hours, weekdays);
        var around = hours[(hour + 23) % 24] + hours[hour] + hours[(hour + 1) % 24];
        w.Add(hour);
        w.Add(weekday);
        w.Add(total == 0 ? FeatureValues.Missing : around * 8.0 / total);
        w.Add(total == 0 ? FeatureValues.Missing : weekdays[weekday] * 7.0 / total);

        var channels = Schema.ChannelArray;
        Span<int> counts = stackalloc int[channels.Length * 3];
        counts.Clear();
        var at = asOf.Ticks;
        var sends = state.Sends.Items;
        var hi = state.Sends.LowerBound(at);
        for (var i = state.Sends.LowerBound(at - ThirtyDays); i < hi; i++)
        {
            var send = sends[i];
            if (!Schema.MessageSlots.TryGetValue(send.Message.Id, out var slot))
            {
                continue;
            }

            var c = Array.IndexOf(channels, Schema.Messages[slot.Index].ChannelOfSend(send.Channel));
            if (c < 0)
            {
                continue; // a variant on a channel no catalog message has as its own: no column to count it in
            }

            counts[3 * c]++;
            counts[3 * c + 1] += send.Message.ReactedBefore(send.Message.Opens, send.Ticks, at) ? 1 : 0;
            counts[3 * c + 2] += send.Message.ReactedBefore(send.Message.Clicks, send.Ticks, at) ? 1 : 0;
        }

        for (var c = 0; c < channels.Length; c++)
        {
            var n = counts[3 * c];
            w.Add(n == 0 ? FeatureValues.Missing : counts[3 * c + 1] / (double)n);
            w.Add(n == 0 ? FeatureValues.Missing : counts[3 * c + 2] / (double)n);
        }
    }

    private void WriteMessage(ref FeatureWriter w, UserState state, MessageDefinition message, long at)
    {
        // Hot: once per candidate of every decision. One-hots are written as blocks rather than feature by feature.
        var slot = Schema.MessageSlots.TryGetValue(message.Id, out var s) ? s.Index : -1;
        w.OneHotIndex(Schema.MessageCount, slot);
        w.OneHotIndex(CategoryNames.Count, (int)message.Category);

        w.OneHot(Schema.ChannelArray, message.Channel);
        w.Add(message.Priority);

        var goal = state.Types.GetValueOrDefault(message.GoalEvent);
        w.Add(goal?.CountBefore(at) > 0 ? 1 : 0);
        w.Add(goal?.CountBetween(at - 7 * TimeSpan.TicksPerDay, at) ?? 0);
        w.Add(goal?.CountBetween(at - ThirtyDays, at) ?? 0);

        var history = state.Messages.GetValueOrDefault(message.Id);
        w.Add(history?.Sends.CountBefore(at) ?? 0);
        w.Add(history is not null && history.Sends.TryGetLastBefore(at, out var last) ? Hours(at - last) : FeatureValues.Missing);

        var features = message.Features;
        foreach (var column in Schema.MessageNumeric)
        {
            var number = features is not null && features.TryGetValue(column, out var v) ? v.Number : null;
            w.Add(number ?? 0);
            w.Add(number is null ? 0 : 1);
        }

        foreach (var (column, values) in Schema.MessageCategorical)
        {
            w.OneHot(values, features is not null && features.TryGetValue(column, out var v) ? v.Text : null);
        }
    }

    private static void WriteWindows(ref FeatureWriter w, TimeSeries? s, long at)
    {
        foreach (var (_, ticks) in FeatureSchema.Windows)
        {
            w.Add(s?.CountBetween(at - ticks, at) ?? 0);
        }
    }

    private static double Days(long ticks) => ticks / (double)TimeSpan.TicksPerDay;

    private static double Hours(long ticks) => ticks / (double)TimeSpan.TicksPerHour;
}
