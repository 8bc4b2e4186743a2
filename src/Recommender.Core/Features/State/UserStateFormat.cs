using Recommender.Core.Profiles;

namespace Recommender.Core.Features.State;

/// <summary>
/// The binary form of a <see cref="UserState"/>. Layout (version 3), all integers LEB128 varints:
/// <code>
/// "RUS" version | latest ticks | boundary ticks | events applied
/// event types:  count, then per type (ordinal name order): name, series
/// messages:     count, then per message (ordinal id order): id, sends series, opens series, clicks series,
///               send channels: count, then per named channel (time order): ticks delta, channel
/// active days:  count, then per day: day, first ticks, last - first
/// opt-outs:     count, then per scope (ordinal order): scope, unsubscribes series, resubscribes series
/// tickets:      count, then per ticket (ordinal id order): id, opens series, closes series
/// profile:      count, then per attribute (ordinal name order): name, entry count, per entry: ticks delta, kind byte,
///               then the text (kind 1) or the number's 8 IEEE bytes (kind 2); nothing for a cleared value (kind 0)
/// series:       compacted count [, first, last - first], recent count [, first, deltas]
/// </code>
/// Version 2, written before the fold recorded the channel a send named, is the same without the send channels;
/// version 1, written before profile attributes were events, is version 2 without the profile section. Both are still read.
/// Maps are written in key order so that equal states give equal bytes. The cross-message send log is not
/// stored: it is rebuilt from the messages' sends. A new layout gets a new version; readers reject versions
/// they do not know rather than guess.
/// </summary>
internal static class UserStateFormat
{
    public const byte Version = 3;
    private const byte WithoutSendChannels = 2;
    private const byte WithoutProfile = 1;
    private static readonly byte[] Magic = "RUS"u8.ToArray();

    public static byte[] Write(UserState state)
    {
        var o = new BinaryOutput();
        foreach (var b in Magic)
        {
            o.Byte(b);
        }

        o.Byte(Version);
        o.VarLong(state.LatestTicks);
        o.VarLong(state.Boundary);
        o.VarLong(state.EventsApplied);

        WriteMap(o, state.Types, WriteSeries);
        WriteMap(o, state.Messages, (output, m) =>
        {
            WriteSeries(output, m.Sends);
            WriteSeries(output, m.Opens);
            WriteSeries(output, m.Clicks);
            WriteSendChannels(output, m.Channels);
        });

        var days = state.ActiveDays.Days;
        o.VarLong(days.Length);
        foreach (var d in days)
        {
            o.VarLong(d.Day);
            o.VarLong(d.First);
            o.VarLong(d.Last - d.First);
        }

        WriteMap(o, state.OptOuts.Scopes, (output, s) =>
        {
            WriteSeries(output, s.Unsubscribes);
            WriteSeries(output, s.Resubscribes);
        });
        WriteMap(o, state.Tickets.Tickets, (output, t) =>
        {
            WriteSeries(output, t.Opens);
            WriteSeries(output, t.Closes);
        });
        WriteMap(o, state.Profile.Attributes, WriteProfileRun);
        return o.ToArray();
    }

    public static UserState Read(ReadOnlySpan<byte> bytes)
    {
        var input = new BinaryInput(bytes);
        foreach (var b in Magic)
        {
            if (input.Byte() != b)
            {
                throw new InvalidDataException("These bytes are not a serialised user state (wrong magic number).");
            }
        }

        var version = input.Byte();
        if (version is not (Version or WithoutSendChannels or WithoutProfile))
        {
            throw new InvalidDataException($"User state format version {version} is not supported; this build reads versions {WithoutProfile} to {Version}.");
        }

        var state = new UserState();
        state.Restore(input.VarLong(), input.VarLong(), input.VarLong());

        for (var n = input.Count(); n > 0; n--)
        {
            ReadSeries(ref input, state.Series(input.String()));
        }

        for (var n = input.Count(); n > 0; n--)
        {
            var m = state.Message(input.String());
            ReadSeries(ref input, m.Sends);
            ReadSeries(ref input, m.Opens);
            ReadSeries(ref input, m.Clicks);
            if (version == Version)
            {
                ReadSendChannels(ref input, m.Channels);
            }

            // The k-th send at an instant takes the k-th channel named at it: the send log holds the same sends either way.
            var recent = m.Sends.Recent;
            for (var i = 0; i < recent.Length; i++)
            {
                var occurrence = 0;
                while (occurrence < i && recent[i - occurrence - 1] == recent[i])
                {
                    occurrence++;
                }

                state.Sends.Add(new SendRecord(recent[i], m, m.Channels.At(recent[i], occurrence)), state.Boundary);
            }
        }

        for (var n = input.Count(); n > 0; n--)
        {
            var day = input.VarLong();
            var first = input.VarLong();
            state.ActiveDays.Restore(new DayRecord(checked((int)day), first, first + input.VarLong()));
        }

        for (var n = input.Count(); n > 0; n--)
        {
            var scope = state.OptOuts.Scope(input.String());
            ReadSeries(ref input, scope.Unsubscribes);
            ReadSeries(ref input, scope.Resubscribes);
        }

        for (var n = input.Count(); n > 0; n--)
        {
            var ticket = state.Tickets.Get(input.String());
            ReadSeries(ref input, ticket.Opens);
            ReadSeries(ref input, ticket.Closes);
        }

        if (version != WithoutProfile)
        {
            for (var n = input.Count(); n > 0; n--)
            {
                ReadProfileRun(ref input, state, input.String());
            }
        }

        if (!input.AtEnd)
        {
            throw new InvalidDataException("A user state has bytes after its end; the bytes are corrupt.");
        }

        return state;
    }

    private static void WriteMap<T>(BinaryOutput o, IReadOnlyDictionary<string, T> map, Action<BinaryOutput, T> writeValue)
    {
        var keys = map.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        o.VarLong(keys.Length);
        foreach (var key in keys)
        {
            o.String(key);
            writeValue(o, map[key]);
        }
    }

    private static void WriteProfileRun(BinaryOutput o, SortedRun<ProfileEntry, ProfileEntryOrder> run)
    {
        o.VarLong(run.Count);
        var previous = 0L;
        foreach (var entry in run.Items)
        {
            o.VarLong(entry.Ticks - previous);
            previous = entry.Ticks;
            o.Byte((byte)entry.Value.Kind);
            switch (entry.Value.Kind)
            {
                case ProfileValueKind.Text:
                    o.String(entry.Value.Text!);
                    break;
                case ProfileValueKind.Number:
                    o.Double(entry.Value.Number);
                    break;
            }
        }
    }

    private static void ReadProfileRun(ref BinaryInput input, UserState state, string name)
    {
        var ticks = 0L;
        for (var n = input.Count(); n > 0; n--)
        {
            ticks += input.VarLong();
            var value = (ProfileValueKind)input.Byte() switch
            {
                ProfileValueKind.Cleared => ProfileValue.Cleared,
                ProfileValueKind.Text => ProfileValue.Of(input.String()),
                ProfileValueKind.Number => ProfileValue.Of(input.Double()),
                var kind => throw new InvalidDataException($"A user state holds a profile value of unknown kind {(byte)kind}; the bytes are corrupt."),
            };

            // Boundary 0: the writer kept exactly the values that matter, and they must all stay.
            state.Profile.Add(name, ticks, value, 0);
        }
    }

    private static void WriteSendChannels(BinaryOutput o, SendChannels channels)
    {
        var marks = channels.Items;
        o.VarLong(marks.Length);
        var previous = 0L;
        foreach (var mark in marks)
        {
            o.VarLong(mark.Ticks - previous);
            previous = mark.Ticks;
            o.String(mark.Channel);
        }
    }

    private static void ReadSendChannels(ref BinaryInput input, SendChannels channels)
    {
        var ticks = 0L;
        for (var n = input.Count(); n > 0; n--)
        {
            ticks += input.VarLong();
            // Boundary 0: the writer kept only marks inside the horizon, and they must stay.
            channels.Add(ticks, input.String(), 0);
        }
    }

    private static void WriteSeries(BinaryOutput o, TimeSeries s)
    {
        o.VarLong(s.CompactedCount);
        if (s.CompactedCount > 0)
        {
            o.VarLong(s.CompactedFirst);
            o.VarLong(s.CompactedLast - s.CompactedFirst);
        }

        var recent = s.Recent;
        o.VarLong(recent.Length);
        var previous = 0L;
        foreach (var t in recent)
        {
            o.VarLong(t - previous);
            previous = t;
        }
    }

    private static void ReadSeries(ref BinaryInput input, TimeSeries s)
    {
        var compacted = input.VarLong();
        if (compacted > 0)
        {
            var first = input.VarLong();
            s.AddCompacted(compacted, first, first + input.VarLong());
        }

        var ticks = 0L;
        for (var n = input.Count(); n > 0; n--)
        {
            ticks += input.VarLong();
            // Boundary 0: the writer only kept instants at or after the boundary, and they must stay exact.
            s.Add(ticks, 0);
        }
    }
}
