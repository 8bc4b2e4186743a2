using Recommender.Core.Events;

namespace Recommender.Core.Tests;

public sealed class EventPropertiesTests
{
    [Fact]
    public void OfDecision_writes_the_worlds_text()
    {
        Assert.Equal("{\"decision_id\":\"u000001-d3\",\"propensity\":0.85}", EventProperties.OfDecision("u000001-d3", 0.85));
    }

    /// <summary>Any id and any finite propensity read back exactly, quotes and non-ASCII included.</summary>
    [Theory]
    [InlineData("0199c8f2a1b47d3e9f00aa11bb22cc33", 1.0 / 3)]
    [InlineData("with \"quotes\" and \\ backslash", 1e-300)]
    [InlineData("caf\u00e9 \u2028 \U0001F680", 0.1 + 0.2)]
    public void OfDecision_reads_back_through_the_property_reader(string decisionId, double propensity)
    {
        var json = EventProperties.OfDecision(decisionId, propensity);

        Assert.Equal(decisionId, EventPropertyReader.GetString(json, EventProperties.DecisionId));
        Assert.Equal(propensity, EventPropertyReader.GetDouble(json, EventProperties.Propensity));
    }
}
