using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Recommender.Api.Decisions;
using Recommender.Api.Infrastructure;
using Recommender.Decisioning;

namespace Recommender.Api.Tests.Decisions;

/// <summary>
/// The hand-written decision JSON must be the serialiser's text byte for byte (the answer's documented shape), and its
/// three slices exactly what serialising the parts alone gives (the decision log's columns).
/// </summary>
public sealed class DecisionDocumentTests
{
    private static readonly JsonSerializerOptions Api = ApiOptions();

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Document_IsTheSerialisersText_AndItsSlicesAreTheParts(int seed)
    {
        foreach (var decision in RandomDecisions(seed, 50))
        {
            var document = DecisionDocument.Write(decision);

            Assert.Equal(
                Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(DecisionResponse.From(decision), Api)),
                Encoding.UTF8.GetString(document.Json.Span));
            Assert.Equal(JsonSerializer.Serialize(decision.Distribution, Api), Encoding.UTF8.GetString(document.Distribution));
            Assert.Equal(JsonSerializer.Serialize(decision.Scores, Api), Encoding.UTF8.GetString(document.Scores));
            Assert.Equal(JsonSerializer.Serialize(decision.Suppressed, Api), Encoding.UTF8.GetString(document.Suppressed));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Document_WithSendTimes_IsTheSerialisersText(int seed)
    {
        var random = new Random(seed);
        foreach (var plain in RandomDecisions(seed, 50))
        {
            var scheduled = random.Next(2) == 0;
            var decision = plain with
            {
                SendAt = scheduled ? plain.AsOf.AddTicks(random.NextInt64(TimeSpan.TicksPerDay)) : null,
                Channel = scheduled ? "push" : null,
                SendTimePropensity = scheduled ? random.NextDouble() : null,
                SendTimeChoices = scheduled ? random.Next(1, 100) : null,
                Scores = [.. plain.Scores.Select(s => random.Next(3) == 0 ? s : s with
                {
                    SendAt = plain.AsOf.AddHours(random.Next(24)), Channel = "in_app", ArrivalFactor = random.NextDouble() * 3,
                })],
            };
            var document = DecisionDocument.Write(decision);

            Assert.Equal(
                Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(DecisionResponse.From(decision), Api)),
                Encoding.UTF8.GetString(document.Json.Span));
            Assert.Equal(JsonSerializer.Serialize(decision.Scores, Api), Encoding.UTF8.GetString(document.Scores));
        }
    }

    [Fact]
    public void Documents_WrittenOneAfterAnother_DoNotShareBytes()
    {
        var (first, second) = (RandomDecisions(11, 1)[0], RandomDecisions(12, 1)[0]);
        var a = DecisionDocument.Write(first);
        var before = a.Json.ToArray();

        DecisionDocument.Write(second);

        Assert.Equal(before, a.Json.ToArray());
    }

    [Fact]
    public void NotANumber_IsRefusedLikeTheSerialiserRefusesIt()
    {
        var d = RandomDecisions(3, 1)[0] with { Propensity = double.NaN };

        Assert.ThrowsAny<ArgumentException>(() => JsonSerializer.SerializeToUtf8Bytes(DecisionResponse.From(d), Api));
        Assert.ThrowsAny<ArgumentException>(() => DecisionDocument.Write(d));
    }

    private static JsonSerializerOptions ApiOptions()
    {
        var options = new JsonOptions();
        ApiJson.Configure(options, DecisionJsonContext.Default);
        return options.SerializerOptions;
    }

    /// <summary>Decisions with every shape the engine makes: sends and no-sends, null model versions, empty lists,
    /// text that needs escaping, and doubles from tiny to huge.</summary>
    private static List<Decision> RandomDecisions(int seed, int count)
    {
        var random = new Random(seed);
        string[] texts = ["welcome", "team_growing", "a \"quoted\" <tag> & 'apostrophe'", "caf\u00e9 \u2014 na\u00efve \u2028", "back\\slash\ttab\n", "\U0001F680 launch"];
        double Number() => random.Next(6) switch
        {
            0 => random.NextDouble(),
            1 => random.NextDouble() * 1e-300,
            2 => -random.NextDouble() * 1e6,
            3 => 1.0 / 3,
            4 => 0,
            _ => Math.Round(random.NextDouble(), 2),
        };

        var decisions = new List<Decision>();
        for (var i = 0; i < count; i++)
        {
            var scores = Enumerable.Range(0, random.Next(0, 21)).Select(j => new CandidateScore(
                $"m{j}_{texts[random.Next(texts.Length)]}", random.Next(0, 3), Number(), Number(), Number(), Number(), Number(), Number())).ToList();
            var suppressed = Enumerable.Range(0, random.Next(0, 5)).Select(j => new Suppression(
                $"s{j}", "cap.daily", texts[random.Next(texts.Length)])).ToList();
            var distribution = scores.ToDictionary(s => s.MessageId, _ => Number());
            distribution[Decision.NoSendAction] = Number();
            decisions.Add(new Decision
            {
                DecisionId = Guid.NewGuid().ToString("N"),
                UserId = texts[random.Next(texts.Length)],
                AsOf = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 400)),
                MessageId = random.Next(2) == 0 ? null : texts[random.Next(texts.Length)],
                Reason = "best_expected_value",
                Propensity = Number(),
                Distribution = distribution,
                ModelVersion = random.Next(3) == 0 ? null : "v1",
                Scores = scores,
                Suppressed = suppressed,
            });
        }

        return decisions;
    }
}
