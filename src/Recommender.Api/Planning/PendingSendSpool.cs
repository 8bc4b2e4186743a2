using Recommender.Api.Decisions;
using Recommender.Core.Events;

namespace Recommender.Api.Planning;

/// <summary>
/// The sends a plan decided, kept in a file beside the plan until the plan file is complete, then recorded in the
/// store from it: the plan holds no more of them in memory than one chunk, whatever the audience's size.
/// </summary>
internal sealed class PendingSendSpool : IAsyncDisposable
{
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly BinaryWriter _writer;

    public PendingSendSpool(string path)
    {
        _path = path;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _writer = new BinaryWriter(_stream);
    }

    public long Count { get; private set; }

    /// <summary>A planned send and the user's version it was decided on.</summary>
    public void Add(DecisionDocument planned, long version)
    {
        var d = planned.Decision;
        _writer.Write(d.UserId);
        _writer.Write(version);
        _writer.Write(d.DecisionId);
        _writer.Write(d.MessageId!);
        _writer.Write(d.AsOf.Ticks);
        _writer.Write(d.Propensity);
        _writer.Write(d.SendAt?.Ticks ?? 0);
        if (d.SendAt is not null)
        {
            _writer.Write(d.Channel ?? "");
            _writer.Write(d.SendTimePropensity ?? 1);
        }

        Count++;
    }

    /// <summary>The spooled sends in plan order, <paramref name="size"/> at a time, as the store records them.</summary>
    public IEnumerable<IReadOnlyList<(UserEvent Send, long Version)>> Read(int size)
    {
        _writer.Flush();
        _stream.Position = 0;
        using var reader = new BinaryReader(_stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var batch = new List<(UserEvent, long)>(size);
        for (long i = 0; i < Count; i++)
        {
            var user = reader.ReadString();
            var version = reader.ReadInt64();
            var decisionId = reader.ReadString();
            var message = reader.ReadString();
            var asOf = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
            var propensity = reader.ReadDouble();
            var sendAtTicks = reader.ReadInt64();
            DateTime? sendAt = sendAtTicks == 0 ? null : new DateTime(sendAtTicks, DateTimeKind.Utc);
            var channel = sendAt is null ? null : reader.ReadString();
            double? sendTimePropensity = sendAt is null ? null : reader.ReadDouble();
            batch.Add((DecisionService.SendOf(decisionId, user, message, asOf, propensity, sendAt, channel, sendTimePropensity), version));
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<(UserEvent, long)>(size);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Delete(_path);
    }
}
