using Recommender.Data.Validation;
using Recommender.Import.Segment;

namespace Recommender.Import.Tests.Segment;

public sealed class SegmentMappingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void A_mapping_file_adds_to_the_standard_events_and_keeps_every_default_it_does_not_name()
    {
        var path = _temp.File("mapping.json");
        File.WriteAllText(path, """
            {
              // comments and trailing commas are fine: people edit this file
              "events": { "Ticket Created": "ticket_opened", "Email Opened": "email_opened_legacy" },
              "pages": [ { "path_prefix": "/docs/", "event_type": "kb_article_viewed" } ],
              "traits": { "email": "contact_email", "seatsPurchased": null },
            }
            """);

        var mapping = SegmentMapping.Load(path);

        Assert.Equal("ticket_opened", mapping.EventTypeFor("Ticket Created"));
        Assert.Equal("email_opened_legacy", mapping.EventTypeFor("Email Opened"));
        Assert.Equal("message_sent", mapping.EventTypeFor("Email Delivered"));
        Assert.Equal("Order Completed", mapping.EventTypeFor("Order Completed"));
        Assert.Equal(new PageRule("/docs/", "kb_article_viewed"), Assert.Single(mapping.Pages));
        Assert.Equal(["campaign_id"], mapping.MessageIdProperties);
        Assert.Null(mapping.Traits["seatsPurchased"]);
    }

    public static TheoryData<string, string?, string> BadFiles => new()
    {
        { """{ "event": {} }""", "event", "the unknown member" },
        { """{ "events": { "X": "profile_updated" } }""", "events.X", "an event type other than profile_updated" },
        { """{ "events": { "X": "" } }""", "events.X", "an event name mapped to a non-empty event type" },
        { """{ "pages": [ { "path_prefix": "", "event_type": "kb" } ] }""", "pages[0]", "a path_prefix and an event_type" },
        { """{ "message_id_properties": [] }""", "message_id_properties", "at least one non-empty property name" },
        { """{ "assume_utc": "yes" }""", "assume_utc", "a mapping as docs/import.md describes it" },
        { """{ "events": """, "events", "a mapping as docs/import.md describes it" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_mapping_file_names_the_file_the_member_and_what_was_expected(string json, string? at, string expected)
    {
        var path = _temp.File("mapping.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<DataValidationException>(() => SegmentMapping.Load(path));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(path, issue.File);
        Assert.Equal(at, issue.Column);
        Assert.Contains(expected, issue.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
