using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Api.Models;
using Recommender.Api.Tests.Support;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Xunit.Abstractions;

namespace Recommender.Api.Tests.DecisionLogLoop;

/// <summary>
/// The decision log loop end to end: the API serves decisions over HTTP with the trained sample bundle, stopping it
/// flushes the decision log, the caller's <c>message_sent</c> events confirm some of the sends, and the real
/// <c>recommender train</c> and <c>evaluate</c> read the log back with <c>--decision-log</c>: every logged no-send that
/// scored a candidate is a control row training learns from and evaluation replays, every confirmed send is the events'
/// own send, and the unconfirmed ones are counted and left out.
/// </summary>
public sealed class DecisionLogLoopTests(ITestOutputHelper output) : IDisposable
{
    private const int ServedUsers = 150;

    /// <summary>
    /// The API starts with the served users' events before this instant and decides in the two days after it, as if live:
    /// inside data-samples' validation window and its evaluation period (which ends 7 days before the log's end).
    /// </summary>
    private static readonly DateTime Cutoff = new(2026, 2, 22, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Decisions_served_over_HTTP_come_back_through_train_and_evaluate_as_control_rows_and_confirmed_sends()
    {
        var (data, bootstrap, served) = await PrepareAsync();
        var catalog = CatalogJson.Load(Path.Combine(Repository.DataSamples, "catalog.json"));
        var app = new ApiFactory(
            catalog,
            new Dictionary<string, string?> { ["Bootstrap:Path"] = bootstrap, ["Model:Path"] = Repository.SampleModel },
            s => s.AddSingleton<IModelLoader, BundleModelLoader>())
        { DeleteFolderOnDispose = false };
        try
        {
            var client = app.Client();
            var answers = new List<Answer>();
            for (var i = 0; i < served.Count; i++)
            {
                foreach (var asOf in new[] { Cutoff.AddHours(i % 24).AddMinutes(7), Cutoff.AddHours(30 + (i % 24)).AddMinutes(7) })
                {
                    var body = $$"""{"user_id":"{{served[i]}}","as_of":"{{asOf.ToString("O", CultureInfo.InvariantCulture)}}"}""";
                    var response = await client.PostJson("/v1/decisions", body);
                    Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                    answers.Add(Answer.From(await response.Json()));
                }
            }

            // Stopping the host drains the queue and renames the file: the log is complete.
            await app.DisposeAsync();
            var log = app.DecisionLogFolder;
            Assert.Single(Directory.GetFiles(log, "decisions-*.parquet"));

            // The caller reports every other send it made, carrying the decision id and propensity as the contract asks.
            var sends = answers.Where(a => a.MessageId is not null).ToList();
            var confirmed = sends.Where((_, k) => k % 2 == 0).ToList();
            await using (var writer = await EventParquetWriter.CreateAsync(Path.Combine(data, "events", "part-0001.parquet")))
            {
                await writer.WriteAsync(confirmed.Select(a => new UserEvent(
                    "sent-" + a.DecisionId, a.UserId, a.AsOf, EventTypes.MessageSent, a.MessageId,
                    Properties: EventProperties.OfDecision(a.DecisionId, a.Propensity))));
            }

            var controls = answers.Count(a => a.MessageId is null && a.Scored > 0);
            var withoutCandidate = answers.Count(a => a.MessageId is null && a.Scored == 0);
            Assert.True(controls > 20 && sends.Count > 20, $"{answers.Count} decisions: {sends.Count} sends, {controls} no-sends with a scored candidate");

            // train --decision-log: the control rows and the confirmed sends are trained on.
            var bundle = _temp.File("bundle");
            var train = await CliProcess.RunDllAsync(Repository.CliDll, "train", "--data", data, "--decision-log", log, "--out", bundle, "--seed", "7");
            Assert.True(train.ExitCode == 0, train.All);
            output.WriteLine(train.Output);
            Assert.Contains(
                $"decision log: {answers.Count:N0} decisions from 1 file; {sends.Count:N0} sends ({confirmed.Count:N0} confirmed by a message_sent, " +
                $"{sends.Count - confirmed.Count:N0} unconfirmed and left out); {answers.Count - sends.Count:N0} no-sends gave {controls:N0} control rows",
                train.Output, StringComparison.Ordinal);
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(bundle, "manifest.json")))!;
            var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.SampleModel, "manifest.json")))!;
            var logged = manifest["decision_log"]!;
            Assert.Equal(
                new long[] { 1, answers.Count, 0, sends.Count, confirmed.Count, sends.Count - confirmed.Count, answers.Count - sends.Count, withoutCandidate, controls, 0, 0 },
                new[] { "files", "decisions", "duplicates_skipped", "sends", "sends_confirmed", "sends_unconfirmed", "no_sends", "no_sends_without_candidate", "control_rows", "control_rows_already_in_events", "users_without_events" }
                    .Select(name => logged[name]!.GetValue<long>()));
            Assert.Equal(sample["data"]!["control_rows"]!.GetValue<long>() + controls, manifest["data"]!["control_rows"]!.GetValue<long>());
            Assert.Equal(sample["data"]!["treatment_rows"]!.GetValue<long>() + confirmed.Count, manifest["data"]!["treatment_rows"]!.GetValue<long>());
            Assert.True(
                manifest["metrics"]!["propensity"]!["rows"]!.GetValue<long>() > sample["metrics"]!["propensity"]!["rows"]!.GetValue<long>(),
                "the validation window's logged decisions are among the propensity model's validation rows");

            // evaluate --decision-log: the control rows are replayed too, and the report names the log the bundle was trained on.
            var withLog = _temp.File("report-with-log");
            var withoutLog = _temp.File("report-without-log");
            var evaluated = await CliProcess.RunDllAsync(Repository.CliDll, "evaluate", "--data", data, "--decision-log", log, "--model", bundle, "--out", withLog);
            Assert.True(evaluated.ExitCode == 0, evaluated.All);
            Assert.Contains($"no-sends gave {controls:N0} control rows", evaluated.Output, StringComparison.Ordinal);
            var plain = await CliProcess.RunDllAsync(Repository.CliDll, "evaluate", "--data", data, "--model", bundle, "--out", withoutLog);
            Assert.True(plain.ExitCode == 0, plain.All);
            var (report, reportWithout) = (await ReportAsync(withLog), await ReportAsync(withoutLog));
            Assert.True(JsonNode.DeepEquals(logged, report["reproducibility"]!["decision_log"]), report["reproducibility"]!["decision_log"]?.ToJsonString());
            Assert.True(report["reproducibility"]!["model_trained_on_this_data"]!.GetValue<bool>());
            Assert.False(reportWithout["reproducibility"]!["model_trained_on_this_data"]!.GetValue<bool>());
            Assert.Null(reportWithout["reproducibility"]!["decision_log"]);
            var from = report["ope_setup"]!["period_from"]!.GetValue<DateTime>();
            var until = report["ope_setup"]!["period_until"]!.GetValue<DateTime>();
            var controlsInPeriod = answers.Count(a => a.MessageId is null && a.Scored > 0 && a.AsOf >= from && a.AsOf < until);
            Assert.Equal(controls, controlsInPeriod);
            Assert.Equal(
                reportWithout["ope_setup"]!["decisions"]!.GetValue<long>() + controlsInPeriod,
                report["ope_setup"]!["decisions"]!.GetValue<long>());
        }
        finally
        {
            Directory.Delete(app.Folder, recursive: true);
        }
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<JsonNode> ReportAsync(string folder) =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json")))!;

    /// <summary>
    /// The data folder train and evaluate read (data-samples, its events as the first file of an events folder, so the
    /// caller's confirmations can follow as a second) and a bootstrap folder with the served users' events before the cutoff.
    /// </summary>
    private async Task<(string Data, string Bootstrap, IReadOnlyList<string> Served)> PrepareAsync()
    {
        var data = _temp.File("data");
        var bootstrap = _temp.File("bootstrap");
        foreach (var folder in new[] { data, bootstrap })
        {
            Directory.CreateDirectory(folder);
            File.Copy(Path.Combine(Repository.DataSamples, "catalog.json"), Path.Combine(folder, "catalog.json"));
            File.Copy(Path.Combine(Repository.DataSamples, "profiles.parquet"), Path.Combine(folder, "profiles.parquet"));
        }

        Directory.CreateDirectory(Path.Combine(data, "events"));
        File.Copy(Path.Combine(Repository.DataSamples, "events.parquet"), Path.Combine(data, "events", "part-0000.parquet"));

        var events = new List<UserEvent>();
        await foreach (var batch in EventParquetReader.ReadAsync(Path.Combine(Repository.DataSamples, "events.parquet")))
        {
            events.AddRange(batch.Events);
        }

        var served = events.Select(e => e.UserId).Distinct().Order(StringComparer.Ordinal).Take(ServedUsers).ToList();
        var servedSet = served.ToHashSet(StringComparer.Ordinal);
        await using (var writer = await EventParquetWriter.CreateAsync(Path.Combine(bootstrap, "events.parquet")))
        {
            await writer.WriteAsync(events.Where(e => servedSet.Contains(e.UserId) && e.Timestamp < Cutoff));
        }

        return (data, bootstrap, served);
    }

    private sealed record Answer(string DecisionId, string UserId, DateTime AsOf, string? MessageId, double Propensity, int Scored)
    {
        public static Answer From(JsonElement d) => new(
            d.GetProperty("decision_id").GetString()!,
            d.GetProperty("user_id").GetString()!,
            d.GetProperty("as_of").GetDateTime().ToUniversalTime(),
            d.GetProperty("message_id").ValueKind == JsonValueKind.Null ? null : d.GetProperty("message_id").GetString(),
            d.GetProperty("propensity").GetDouble(),
            d.GetProperty("scores").GetArrayLength());
    }
}
