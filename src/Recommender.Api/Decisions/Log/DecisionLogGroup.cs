using Parquet;
using Recommender.Data;
using Recommender.Data.DecisionLog;

namespace Recommender.Api.Decisions.Log;

/// <summary>The decisions of the row group being gathered, column by column (see <see cref="Utf8Column"/> for why).</summary>
internal sealed class DecisionLogGroup
{
    private readonly Utf8Column _decisionIds = new();
    private readonly Utf8Column _userIds = new();
    private readonly List<DateTime> _asOf = [];
    private readonly Utf8Column _channels = new();
    private readonly Utf8Column _messageIds = new();
    private readonly Utf8Column _reasons = new();
    private readonly List<double> _propensities = [];
    private readonly Utf8Column _modelVersions = new();
    private readonly Utf8Column _distributions = new();
    private readonly Utf8Column _scores = new();
    private readonly Utf8Column _suppressed = new();
    private readonly List<DateTime?> _sendAt = [];
    private readonly Utf8Column _sendChannels = new();
    private readonly List<double?> _sendTimePropensities = [];

    public int Count => _asOf.Count;

    public void Add(DecisionDocument document, string? channel)
    {
        var d = document.Decision;
        _decisionIds.Add(d.DecisionId);
        _userIds.Add(d.UserId);
        _asOf.Add(DateTime.SpecifyKind(d.AsOf, DateTimeKind.Utc));
        _channels.Add(channel);
        _messageIds.Add(d.MessageId);
        _reasons.Add(d.Reason);
        _propensities.Add(d.Propensity);
        _modelVersions.Add(d.ModelVersion);
        _distributions.Add(document.Distribution);
        _scores.Add(document.Scores);
        _suppressed.Add(document.Suppressed);
        _sendAt.Add(d.SendAt is { } sendAt ? DateTime.SpecifyKind(sendAt, DateTimeKind.Utc) : null);
        _sendChannels.Add(d.Channel);
        _sendTimePropensities.Add(d.SendTimePropensity);
    }

    /// <summary>Writes the gathered rows as one row group, in <see cref="DecisionLogSchema"/>'s column order.</summary>
    public async Task WriteAsync(ParquetWriter writer)
    {
        var f = DecisionLogSchema.Schema.DataFields;
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(f[0], _decisionIds.ToStrings()!);
        await group.WriteAsync(f[1], _userIds.ToStrings()!);
        await group.WriteAsync<DateTime>(f[2], _asOf.ToArray().AsMemory(), null, null, default);
        await group.WriteAsync(f[3], _channels.ToStrings()!);
        await group.WriteAsync(f[4], _messageIds.ToStrings()!);
        await group.WriteAsync(f[5], _reasons.ToStrings()!);
        await group.WriteAsync<double>(f[6], _propensities.ToArray().AsMemory(), null, null, default);
        await group.WriteAsync(f[7], _modelVersions.ToStrings()!);
        await group.WriteAsync(f[8], _distributions.ToStrings()!);
        await group.WriteAsync(f[9], _scores.ToStrings()!);
        await group.WriteAsync(f[10], _suppressed.ToStrings()!);
        await group.WriteAsync(f[11], new ReadOnlyMemory<DateTime?>(_sendAt.ToArray()), null, null, default);
        await group.WriteAsync(f[12], _sendChannels.ToStrings()!);
        await group.WriteAsync(f[13], new ReadOnlyMemory<double?>(_sendTimePropensities.ToArray()), null, null, default);
        group.CompleteValidate();
    }

    public void Clear()
    {
        foreach (var column in (Utf8Column[])[_decisionIds, _userIds, _channels, _messageIds, _reasons, _modelVersions, _distributions, _scores, _suppressed, _sendChannels])
        {
            column.Clear();
        }

        _asOf.Clear();
        _propensities.Clear();
        _sendAt.Clear();
        _sendTimePropensities.Clear();
    }
}
