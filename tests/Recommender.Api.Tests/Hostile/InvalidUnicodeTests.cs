using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// Finding 5 of issue #14: a lone surrogate (<c>"\ud800"</c>) in any value or property name, or raw bytes that are not
/// UTF-8, made the events endpoint answer 500 (141 of the 153 5xx seen). Each is now 400 naming the row and field, and
/// nothing of the batch is applied.
/// </summary>
public sealed class InvalidUnicodeTests
{
    [Theory]
    [InlineData("""{"event_id":"\ud800","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x"}""", "event_id")]
    [InlineData("""{"event_id":"e","user_id":"\udc00x","timestamp":"2026-03-02T12:00:00Z","event_type":"x"}""", "user_id")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z\ud800","event_type":"x"}""", "timestamp")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"\ud83d"}""", "event_type")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"message_sent","message_id":"\ud800"}""", "message_id")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","properties":{"k":"\ud800"}}""", "properties")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","properties":{"\ud800":1}}""", "properties")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","properties":"{\"decision_id\":\"\\ud800\"}"}""", "properties")]
    [InlineData("""{"event_id":"e","user_id":"u","timestamp":"2026-03-02T12:00:00Z","event_type":"x","\ud800":1}""", "(field 4)")]
    public async Task LoneSurrogate_Is400NamingTheRowAndField(string row, string field)
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/events", Http.Batch(Http.EventJson("good", "u", Ev.T0), row));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Json()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(0, (await (await app.Client().GetAsync("/v1/users/u")).Json()).GetProperty("events_applied").GetInt64());
    }

    [Theory]
    [InlineData("event_id")]
    [InlineData("user_id")]
    [InlineData("event_type")]
    public async Task RawBytesThatAreNotUtf8_Are400NamingTheRowAndField(string field)
    {
        using var app = new ApiFactory();
        var row = Http.EventJson("e1", "u1", Ev.T0).Replace($"\"{field}\":\"", $"\"{field}\":\"\u0001", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(row);
        var at = Array.IndexOf(bytes, (byte)1);
        bytes[at] = 0xFF;
        var content = new ByteArrayContent([.. "["u8.ToArray(), .. bytes, .. "]"u8.ToArray()]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await app.Client().PostAsync("/v1/events", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Json()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(0, error.GetProperty("index").GetInt32());
        Assert.Equal(field, error.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"user_id":"\ud800"}""")]
    [InlineData("""{"user_id":"u","channel":"\udfff"}""")]
    [InlineData("""{"user_id":"u","candidates":["\ud800"]}""")]
    public async Task DecisionWithALoneSurrogate_Is400(string body)
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/decisions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
