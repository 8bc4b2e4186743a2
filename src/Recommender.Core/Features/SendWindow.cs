using Recommender.Core.Features.State;

namespace Recommender.Core.Features;

/// <summary>A slice of a user's sends, enumerable without allocation (see <see cref="UserState.SendsBetween"/>).</summary>
public readonly ref struct SendWindow
{
    private readonly ReadOnlySpan<SendRecord> _sends;

    internal SendWindow(ReadOnlySpan<SendRecord> sends) => _sends = sends;

    public int Count => _sends.Length;

    public Enumerator GetEnumerator() => new(_sends);

    /// <summary>Walks the sends oldest first.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<SendRecord> _sends;
        private int _index;

        internal Enumerator(ReadOnlySpan<SendRecord> sends)
        {
            _sends = sends;
            _index = -1;
        }

        public readonly SentMessage Current => new(new DateTime(_sends[_index].Ticks, DateTimeKind.Utc), _sends[_index].Message.Id, _sends[_index].Channel);

        public bool MoveNext() => ++_index < _sends.Length;
    }
}

/// <summary>
/// One send: when, which message, and the channel its <c>message_sent</c> named (null when it named none). Which
/// channel the send counts on is <see cref="Catalog.MessageDefinition.ChannelOfSend"/>: the named one when the message
/// offers it, else the message's own.
/// </summary>
public readonly record struct SentMessage(DateTime At, string MessageId, string? Channel = null);
