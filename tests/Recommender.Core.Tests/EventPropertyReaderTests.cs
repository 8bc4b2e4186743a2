using Recommender.Core.Events;

namespace Recommender.Core.Tests;

public sealed class EventPropertyReaderTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("{}", null)]
    [InlineData("{\"category\":\"marketing\"}", "marketing")]
    [InlineData("{\"x\":{\"category\":\"nested\"},\"category\":\"top\"}", "top")]
    [InlineData("{\"x\":{\"category\":\"nested\"}}", null)]
    [InlineData("{\"category\":3}", null)]
    [InlineData("{\"cat\\u0065gory\":\"escaped\"}", "escaped")]
    [InlineData("{\"category\":\"unterminated", null)]
    [InlineData("[\"category\"]", null)]
    public void GetString_reads_only_a_top_level_string(string? json, string? expected) =>
        Assert.Equal(expected, EventPropertyReader.GetString(json, "category"));

    [Theory]
    [InlineData("{\"propensity\":0.25}", 0.25)]
    [InlineData("{\"decision_id\":\"d\",\"propensity\":1}", 1.0)]
    [InlineData("{\"propensity\":\"0.25\"}", null)]
    [InlineData("{\"other\":0.25}", null)]
    public void GetDouble_reads_only_a_top_level_number(string json, double? expected) =>
        Assert.Equal(expected, EventPropertyReader.GetDouble(json, "propensity"));

    [Fact]
    public void Long_properties_are_read_too()
    {
        var json = $"{{\"padding\":\"{new string('x', 5_000)}\",\"ticket_id\":\"t-9\"}}";

        Assert.Equal("t-9", EventPropertyReader.GetString(json, "ticket_id"));
    }
}
