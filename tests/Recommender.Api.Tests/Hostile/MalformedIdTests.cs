using System.Net;
using System.Text.Json;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Hostile;

/// <summary>
/// An id holding a control character (a NUL, a stray newline or tab, DEL, a C1 character) or white space at either end
/// was accepted by the events and decisions endpoints and made a user, message, event type or event of its own that
/// looks like another in every log; a user id with a NUL could be written but never read back (Kestrel refuses
/// <c>%00</c> in a path). Each is now 400 naming the field, and nothing of the batch is applied.
/// </summary>
public sealed class MalformedIdTests
{
    public static TheoryData<string, string, string> EventRows => new()
    {
        { "event_id", "e\u00001", "U+0000 at character 2" },
        { "user_id", "u\n", "U+000A at character 2" },
        { "user_id", "\tu", "U+0009 at character 1" },
        { "event_type", "project_created\u007f", "U+007F at character 16" },
        { "message_id", "m\u00851", "U+0085 at character 2" },
        { "user_id", " u", "white space (U+0020) at the start" },
        { "event_type", "project_created ", "white space (U+0020) at the end" },
        { "event_id", "e2\u00a0", "white space (U+00A0) at the end" },
    };

    [Theory]
    [MemberData(nameof(EventRows))]
    public async Task AnEventIdWithAControlCharacter_Is400NamingTheRowAndField_AndNothingIsApplied(string field, string value, string found)
    {
        using var app = new ApiFactory();
        var row = field switch
        {
            "event_id" => Http.EventJson(value, "u", Ev.T0),
            "user_id" => Http.EventJson("e2", value, Ev.T0),
            "event_type" => Http.EventJson("e2", "u", Ev.T0, type: value),
            _ => Http.EventJson("e2", "u", Ev.T0, type: "message_opened", messageId: value),
        };

        var response = await app.Client().PostJson("/v1/events", Http.Batch(Http.EventJson("good", "u", Ev.T0), row));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Json()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains("without control characters (U+0000–U+001F, U+007F–U+009F) or white space at either end", error.GetProperty("expected").GetString(), StringComparison.Ordinal);
        Assert.Equal(found, error.GetProperty("found").GetString());
        Assert.Equal(0, (await (await app.Client().GetAsync("/v1/users/u")).Json()).GetProperty("events_applied").GetInt64());
    }

    [Theory]
    [InlineData("""{"user_id":"u\u0000"}""", "user_id", "U+0000 at character 2")]
    [InlineData("""{"user_id":"u1\r\n"}""", "user_id", "U+000D at character 3")]
    [InlineData("""{"user_id":"u","channel":"email\u0009"}""", "channel", "U+0009 at character 6")]
    [InlineData("""{"user_id":"u","candidates":["welcome\u009f"]}""", "candidates", "U+009F at character 8")]
    [InlineData("""{"user_id":"u1 "}""", "user_id", "white space (U+0020) at the end")]
    [InlineData("""{"user_id":"u","candidates":[" welcome"]}""", "candidates", "white space (U+0020) at the start")]
    public async Task ADecisionNamingAnIdWithAControlCharacter_Is400NamingTheField(string body, string field, string found)
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/decisions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var error = (await response.Json()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(found, error.GetProperty("found").GetString());
    }

    [Fact]
    public async Task ABatchEntryWithAControlCharacter_IsRefusedOnItsOwn_BesideTheDecidedEntries()
    {
        using var app = new ApiFactory();
        var response = await app.Client().PostJson("/v1/decisions/batch", """[{"user_id":"u1"},{"user_id":"u\u00072"}]""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = (await response.Json()).GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Object, entries[0].GetProperty("decision").ValueKind);
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("decision").ValueKind);
        var error = entries[1].GetProperty("problem").GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("user_id", error.GetProperty("field").GetString());
        Assert.Equal("U+0007 at character 2", error.GetProperty("found").GetString());
    }

    [Theory]
    [InlineData("/v1/users/u%01", "user_id", "U+0001 at character 2")]
    [InlineData("/v1/users/u%C2%85", "user_id", "U+0085 at character 2")]
    [InlineData("/v1/users/u?message_id=m%0A", "message_id", "U+000A at character 2")]
    [InlineData("/v1/users/%20u", "user_id", "white space (U+0020) at the start")]
    public async Task AUserQueryWithAControlCharacter_Is400NamingTheField(string url, string field, string found)
    {
        using var app = new ApiFactory();
        var response = await app.Client().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Json()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(found, error.GetProperty("found").GetString());
    }

    [Fact]
    public async Task WellFormedIds_AreStillAccepted_InnerSpacesAndOtherScriptsIncluded()
    {
        using var app = new ApiFactory();
        var user = "ü ser 用户 \u00a0x";
        var response = await app.Client().PostJson("/v1/events", Http.Batch(Http.EventJson("e1", user, Ev.T0)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await app.Client().GetAsync("/v1/users/" + Uri.EscapeDataString(user));
        Assert.Equal(1, (await view.Json()).GetProperty("events_applied").GetInt64());
    }
}
