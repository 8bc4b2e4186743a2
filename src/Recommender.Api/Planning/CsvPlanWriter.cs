using System.Globalization;
using System.Text;
using Recommender.Api.Decisions;

namespace Recommender.Api.Planning;

/// <summary>
/// A plan as CSV (RFC 4180, UTF-8, a header of <see cref="PlanColumns"/>): instants as ISO 8601 UTC with seven decimals,
/// the propensity in its shortest round-trip form, an absent message or model version as an empty field, and the
/// <c>decision</c> JSON quoted.
/// </summary>
internal sealed class CsvPlanWriter : IPlanWriter
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;
    private readonly bool _sendTimes;
    private bool _closed;

    /// <param name="sendTimes">A plan with a look-ahead: <c>send_at</c> (as <c>as_of</c>, empty when nothing is sent) and <c>channel</c> follow the others.</param>
    public CsvPlanWriter(FileStream stream, bool sendTimes = false)
    {
        _stream = stream;
        _sendTimes = sendTimes;
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\n" };
        _writer.WriteLine(string.Join(',', PlanColumns.For(sendTimes)));
    }

    public async Task WriteAsync(IReadOnlyList<DecisionDocument> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var line = new StringBuilder(4096);
        foreach (var row in rows)
        {
            var d = row.Decision;
            line.Clear();
            Field(line, d.UserId).Append(',');
            Field(line, d.DecisionId).Append(',');
            line.Append(d.AsOf.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)).Append(',');
            Field(line, d.MessageId).Append(',');
            Field(line, d.Reason).Append(',');
            line.Append(d.Propensity.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            Field(line, d.ModelVersion).Append(',');
            Field(line, Encoding.UTF8.GetString(row.Json.Span));
            if (_sendTimes)
            {
                line.Append(',');
                if (d.SendAt is { } sendAt)
                {
                    line.Append(sendAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                }

                Field(line.Append(','), d.Channel);
            }

            await _writer.WriteLineAsync(line, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A field, quoted when it holds a comma, a quote or a line break (quotes doubled).</summary>
    private static StringBuilder Field(StringBuilder line, string? value)
    {
        if (value is null)
        {
            return line;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return line.Append(value);
        }

        return line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
        await _writer.DisposeAsync().ConfigureAwait(false);
        _closed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            _closed = true;
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
