using System.Net;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// The events endpoint applied properties the events table's contract refuses: a <c>propensity</c> of 0, 7 or a text,
/// a <c>profile_updated</c> to a zone that does not exist or a company size that is not a number. Training would then
/// refuse the very rows the API had served from. Each is now 400 naming the row, with the contract's own words, and
/// nothing of the batch is applied.
/// </summary>
public sealed class EventPropertyContractTests
{
    [Theory]
    [InlineData("message_sent", """{"decision_id":"d1","propensity":0}""", "\"propensity\" to be a number in (0, 1]", "0")]
    [InlineData("message_sent", """{"propensity":7}""", "\"propensity\" to be a number in (0, 1]", "7")]
    [InlineData("decision_no_send", """{"propensity":"high"}""", "\"propensity\" to be a number in (0, 1]", "\"high\" (a JSON string)")]
    [InlineData("profile_updated", """{"timezone":"Mars/Olympus"}""", "\"timezone\" of a profile_updated to be an IANA time zone id such as \"Europe/Berlin\"", "\"Mars/Olympus\" (a JSON string)")]
    [InlineData("profile_updated", """{"company_size":"big"}""", "\"company_size\" of a profile_updated", "\"big\" (a JSON string)")]
    [InlineData("profile_updated", """{"plan":{"tier":"pro"}}""", "\"plan\" of a profile_updated to be a text, a number, a boolean or null", "{\"tier\":\"pro\"} (a JSON object)")]
    public async Task PropertiesTheTableContractRefuses_Are400NamingTheRow_AndNothingIsApplied(string type, string properties, string expected, string found)
    {
        using var app = new ApiFactory();
        var messageId = type is "message_sent" or "decision_no_send" ? "welcome" : null;
        var row = Http.EventJson("e2", "u", Ev.T0, type, messageId, properties);

        var response = await app.Client().PostJson("/v1/events", Http.Batch(Http.EventJson("good", "u", Ev.T0), row));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Json()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("properties", error.GetProperty("field").GetString());
        Assert.StartsWith(expected, error.GetProperty("expected").GetString(), StringComparison.Ordinal);
        Assert.Equal(found, error.GetProperty("found").GetString());
        Assert.Equal(0, (await (await app.Client().GetAsync("/v1/users/u")).Json()).GetProperty("events_applied").GetInt64());
    }

    [Fact]
    public async Task PropertiesWithinTheContract_AreApplied()
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/events", Http.Batch(
            Http.EventJson("e1", "u", Ev.T0, "message_sent", "welcome", """{"decision_id":"d1","propensity":1}"""),
            Http.EventJson("e2", "u", Ev.T0, "profile_updated", properties: """{"timezone":"Europe/Berlin","company_size":12,"plan":"pro","beta":true,"industry":null}""")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await (await app.Client().GetAsync("/v1/users/u")).Json()).GetProperty("events_applied").GetInt64());
    }
}
