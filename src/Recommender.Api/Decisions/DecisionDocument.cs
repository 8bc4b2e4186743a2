using System.Buffers;
using System.Text.Json;
using Recommender.Api.Infrastructure;
using Recommender.Decisioning;

namespace Recommender.Api.Decisions;

/// <summary>
/// A decision written as JSON once: the bytes are the HTTP answer (the shape of <see cref="DecisionResponse"/>), and
/// the slices at its distribution, scores and suppressions are the decision log's three JSON columns.
/// </summary>
/// <remarks>
/// Why by hand and only once: a decision carries about 120 probabilities, and formatting a double as its shortest
/// round-trip text is most of the cost of writing it. Serialising the same decision separately for the answer and for
/// the log (on its background writer, which shares the cores with the requests) made it the largest single cost of a
/// logged decision after the engine. The text is the serialiser's, byte for byte
/// (a test compares them): snake_case names, nulls written, ASP.NET Core's encoder (<see cref="ApiJson.Encoder"/>), no indentation.
/// </remarks>
public sealed class DecisionDocument
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly Range _distribution;
    private readonly Range _scores;
    private readonly Range _suppressed;

    private DecisionDocument(Decision decision, byte[] json, Range distribution, Range scores, Range suppressed)
    {
        Decision = decision;
        Json = json;
        _distribution = distribution;
        _scores = scores;
        _suppressed = suppressed;
    }

    public Decision Decision { get; }

    /// <summary>The whole answer, UTF-8.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>The <c>distribution</c> object, UTF-8.</summary>
    public ReadOnlySpan<byte> Distribution => Json.Span[_distribution];

    /// <summary>The <c>scores</c> array, UTF-8.</summary>
    public ReadOnlySpan<byte> Scores => Json.Span[_scores];

    /// <summary>The <c>suppressed</c> array, UTF-8.</summary>
    public ReadOnlySpan<byte> Suppressed => Json.Span[_suppressed];

    public static DecisionDocument Write(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);

        // One buffer and writer per thread: a request writes its document synchronously, start to end, then copies it
        // out, so nothing of the buffer outlives the call.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Encoder });
        w.Reset(buffer);

        w.WriteStartObject();
        w.WriteString("decision_id"u8, decision.DecisionId);
        w.WriteString("user_id"u8, decision.UserId);
        w.WriteString("as_of"u8, decision.AsOf);
        w.WriteString("message_id"u8, decision.MessageId);
        w.WriteString("reason"u8, decision.Reason);
        w.WriteNumber("propensity"u8, decision.Propensity);

        // Left out when null, as the serialiser does (DecisionResponse): a "now only" answer keeps its bytes.
        if (decision.SendAt is { } sendAt)
        {
            w.WriteString("send_at"u8, sendAt);
        }

        if (decision.Channel is { } sendChannel)
        {
            w.WriteString("channel"u8, sendChannel);
        }

        if (decision.SendTimePropensity is { } sendTimePropensity)
        {
            w.WriteNumber("send_time_propensity"u8, sendTimePropensity);
        }

        if (decision.SendTimeChoices is { } sendTimeChoices)
        {
            w.WriteNumber("send_time_choices"u8, sendTimeChoices);
        }

        w.WritePropertyName("distribution"u8);
        var start = Position(w);
        w.WriteStartObject();
        foreach (var (action, probability) in decision.Distribution)
        {
            w.WriteNumber(action, probability);
        }

        w.WriteEndObject();
        var distribution = new Range(start, Position(w));

        w.WriteString("model_version"u8, decision.ModelVersion);

        w.WritePropertyName("scores"u8);
        start = Position(w);
        w.WriteStartArray();
        foreach (var s in decision.Scores)
        {
            w.WriteStartObject();
            w.WriteString("message_id"u8, s.MessageId);
            w.WriteNumber("tier"u8, s.Tier);
            w.WriteNumber("p_goal_send"u8, s.PGoalSend);
            w.WriteNumber("p_goal_no_send"u8, s.PGoalNoSend);
            w.WriteNumber("uplift"u8, s.Uplift);
            w.WriteNumber("p_unsubscribe"u8, s.PUnsubscribe);
            w.WriteNumber("value"u8, s.Value);
            w.WriteNumber("expected_value"u8, s.ExpectedValue);
            if (s.SendAt is { } candidateSendAt)
            {
                w.WriteString("send_at"u8, candidateSendAt);
            }

            if (s.Channel is { } candidateChannel)
            {
                w.WriteString("channel"u8, candidateChannel);
            }

            if (s.ArrivalFactor is { } arrival)
            {
                w.WriteNumber("arrival_factor"u8, arrival);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        var scores = new Range(start, Position(w));

        w.WritePropertyName("suppressed"u8);
        start = Position(w);
        w.WriteStartArray();
        foreach (var s in decision.Suppressed)
        {
            w.WriteStartObject();
            w.WriteString("message_id"u8, s.MessageId);
            w.WriteString("rule"u8, s.Rule);
            w.WriteString("detail"u8, s.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        var suppressed = new Range(start, Position(w));
        w.WriteEndObject();
        w.Flush();

        return new DecisionDocument(decision, buffer.WrittenSpan.ToArray(), distribution, scores, suppressed);
    }

    /// <summary>Where the next value starts: everything written so far, flushed into the buffer.</summary>
    private static int Position(Utf8JsonWriter w)
    {
        w.Flush();
        return checked((int)w.BytesCommitted);
    }
}
