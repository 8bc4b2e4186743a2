using System.Globalization;
using System.Text.Json;
using Recommender.Api.Decisions.Log;
using Recommender.Api.Tests.Support;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Decisioning;

namespace Recommender.Api.Tests.Endpoints;

/// <summary>
/// The log the API writes is the log <c>train</c> and <c>evaluate</c> read: the same column names, every answered field
/// back through the data reader, and the control row a no-send gives.
/// </summary>
public sealed class DecisionLogReadBackTests
{
    /// <summary>The engine's "send nothing" key and the one the readers look for live in projects that cannot share a constant.</summary>
    [Fact]
    public void The_engines_no_send_action_is_the_key_the_readers_look_for()
    {
        Assert.Equal(Decision.NoSendAction, DecisionLogColumns.NoSendAction);
    }

    [Fact]
    public async Task Every_answered_decision_reads_back_through_the_data_reader_field_for_field()
    {
        // Sends only above an expected value of 4: welcome (5) goes out, tips (2.5) and promo (1.5) are held back.
        var catalog = TestCatalog.Create();
        var app = new ApiFactory(catalog with { Policy = catalog.Policy with { MinExpectedValue = 4 } }) { DeleteFolderOnDispose = false };
        try
        {
            var client = app.Client();
            var at = Ev.T0.AddHours(3).ToString("O", CultureInfo.InvariantCulture);
            var answers = new List<JsonElement>();
            foreach (var body in new[]
            {
                $$"""{"user_id":"u1","channel":"email","as_of":"{{at}}"}""",
                """{"user_id":"u2","candidates":["tips","promo"]}""",
                """{"user_id":"u1"}""",
            })
            {
                answers.Add(await (await client.PostJson("/v1/decisions", body)).Json());
            }

            await app.DisposeAsync();
            var options = new DecisionLogReadOptions();
            var read = new List<DecisionLogEntry>();
            await foreach (var batch in DecisionLogParquetReader.ReadAsync([app.DecisionLogFolder], options))
            {
                read.AddRange(batch.Decisions);
            }

            Assert.Equal(answers.Select(a => a.GetProperty("decision_id").GetString()).Order(StringComparer.Ordinal), read.Select(d => d.DecisionId).Order(StringComparer.Ordinal));
            foreach (var answer in answers)
            {
                var d = read.Single(r => r.DecisionId == answer.GetProperty("decision_id").GetString());
                Assert.Equal(answer.GetProperty("user_id").GetString(), d.UserId);
                Assert.Equal(answer.GetProperty("as_of").GetDateTime().ToUniversalTime(), d.AsOf);
                Assert.Equal(answer.GetProperty("message_id").ValueKind == JsonValueKind.Null ? null : answer.GetProperty("message_id").GetString(), d.MessageId);
                Assert.Equal(answer.GetProperty("reason").GetString(), d.Reason);
                Assert.Equal(answer.GetProperty("propensity").GetDouble(), d.Propensity);
                Assert.Equal(answer.GetProperty("model_version").GetString(), d.ModelVersion);
                Assert.Equal(
                    answer.GetProperty("distribution").EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())).Order(),
                    d.Distribution.Select(p => (p.Key, p.Value)).Order());
                Assert.Equal(
                    answer.GetProperty("scores").EnumerateArray().Select(s => (s.GetProperty("message_id").GetString()!, s.GetProperty("tier").GetInt32(), s.GetProperty("expected_value").GetDouble(), s.GetProperty("p_goal_send").GetDouble())),
                    d.Scores.Select(s => (s.MessageId, s.Tier, s.ExpectedValue, s.PGoalSend)));
                Assert.Equal(
                    answer.GetProperty("suppressed").EnumerateArray().Select(s => (s.GetProperty("message_id").GetString()!, s.GetProperty("rule").GetString()!, s.GetProperty("detail").GetString())),
                    d.Suppressed.Select(s => (s.MessageId, s.Rule, s.Detail)));
            }

            Assert.Equal("email", read.Single(r => r.DecisionId == answers[0].GetProperty("decision_id").GetString()).Channel);
            Assert.Equal(["best_expected_value", "below_threshold", "no_eligible_candidate"], answers.Select(a => a.GetProperty("reason").GetString()));

            // The send and the no-send without a scored candidate give no row; the no-send below the threshold holds out tips.
            var controls = read.Select(DecisionLogEvents.ControlEvent).OfType<UserEvent>().ToList();
            var control = Assert.Single(controls);
            Assert.Equal(("u2", "tips", EventTypes.DecisionNoSend), (control.UserId, control.MessageId, control.EventType));
            Assert.Equal(answers[1].GetProperty("propensity").GetDouble(), EventPropertyReader.GetDouble(control.Properties, EventProperties.Propensity));
            Assert.Equal(answers[1].GetProperty("decision_id").GetString(), EventPropertyReader.GetString(control.Properties, EventProperties.DecisionId));
        }
        finally
        {
            Directory.Delete(app.Folder, recursive: true);
        }
    }
}
