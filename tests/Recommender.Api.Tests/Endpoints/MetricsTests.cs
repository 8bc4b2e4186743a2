using System.Globalization;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Endpoints;

/// <summary>/metrics counts what the API did: each decision by outcome and reason, each suppression by rule, each event by result, each request.</summary>
[Collection(ProcessWideMetricsCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_CountEachDecisionByOutcomeEachSuppressionByRuleAndEachEventByResult()
    {
        using var app = new ApiFactory();
        var client = app.Client();
        var before = await ReadAsync(client);

        // TestCatalog: one send a day over all three messages. The first decision sends "welcome"; the second finds
        // all three held back by that cap. Two new events, then one of them again: two applied, one duplicate.
        await client.PostJson("/v1/decisions", """{"user_id":"m1"}""");
        await client.PostJson("/v1/decisions", """{"user_id":"m1"}""");
        await client.PostJson("/v1/events", Http.Batch(Http.EventJson("m-e1", "m2", Ev.T0), Http.EventJson("m-e2", "m2", Ev.T0.AddMinutes(1))));
        await client.PostJson("/v1/events", Http.Batch(Http.EventJson("m-e1", "m2", Ev.T0)));

        var after = await ReadAsync(client);
        double Added(string series) => after.GetValueOrDefault(series) - before.GetValueOrDefault(series);
        double AddedToAll(string prefix) => after.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Sum(Added);

        Assert.Equal(1, Added("recommender_decisions_total{outcome=\"send\",reason=\"best_expected_value\"}"));
        Assert.Equal(1, Added("recommender_decisions_total{outcome=\"no_send\",reason=\"no_eligible_candidate\"}"));
        Assert.Equal(2, AddedToAll("recommender_decisions_total{"));
        Assert.Equal(3, Added("recommender_suppressions_total{rule=\"cap_overall\"}"));
        Assert.Equal(3, AddedToAll("recommender_suppressions_total{"));
        // The one send's scores land once in each served-prediction histogram, in the bucket of its value.
        Assert.Equal(1, Added("recommender_served_p_goal_count"));
        Assert.Equal(1, Added("recommender_served_uplift_count"));
        Assert.Equal(1, Added("recommender_served_p_unsubscribe_count"));
        Assert.Equal(1, Added("recommender_served_p_goal_bucket{le=\"+Inf\"}"));
        var goalBuckets = after.Keys.Where(k => k.StartsWith("recommender_served_p_goal_bucket{", StringComparison.Ordinal)).ToArray();
        Assert.Equal(20, goalBuckets.Length);
        Assert.Contains(goalBuckets, k => Added(k) == 0);
        Assert.InRange(Added("recommender_served_p_goal_sum"), 1e-9, 1);
        Assert.Equal(2, Added("recommender_events_total{result=\"applied\"}"));
        Assert.Equal(1, Added("recommender_events_total{result=\"duplicate\"}"));
        // prometheus-net's request metrics name the route as mapped (the groups' "/" routes end in a slash).
        Assert.Equal(2, Added("http_request_duration_seconds_count{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/v1/decisions/\"}"));
        Assert.Equal(2, Added("http_request_duration_seconds_count{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/v1/events/\"}"));
    }

    /// <summary>The Prometheus text format's samples: "name{labels} value" lines, comments left out.</summary>
    private static async Task<Dictionary<string, double>> ReadAsync(HttpClient client)
    {
        var text = await (await client.GetAsync("/metrics")).Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .ToDictionary(
                line => line[..line.LastIndexOf(' ')],
                line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture),
                StringComparer.Ordinal);
    }
}
