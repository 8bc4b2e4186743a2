using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recommender.Evaluation.ReportTests;

/// <summary><c>recommender evaluate</c> as an analyst runs it: the same report from the same inputs, and clear refusals.</summary>
[Collection(SampleReportCollection.Name)]
public sealed class EvaluateCommandTests(SampleReport report)
{
    [Fact]
    public async Task The_command_writes_the_same_report_json_byte_for_byte_as_another_run_on_the_same_inputs()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(
            "evaluate", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--baseline", Repository.SampleModel, "--out", folder.Path, "--seed", "7");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("not distinguishable", result.Output);
        Assert.True(File.Exists(folder.File(EvaluationJob.ReportHtml)));
        Assert.True(File.Exists(folder.File(EvaluationJob.SummaryMarkdown)));
        Assert.Equal(report.JsonText, await File.ReadAllTextAsync(folder.File(EvaluationJob.ReportJson)));
    }

    [Fact]
    public async Task A_model_folder_that_is_not_a_bundle_exits_one_naming_it()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync("evaluate", "--data", Repository.DataSamples, "--model", folder.File("no-such-bundle"), "--out", folder.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-bundle' is not a model bundle: it has no manifest.json", result.All);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public async Task A_catalog_whose_features_differ_from_the_bundle_exits_one_naming_both_schemas()
    {
        using var folder = new TempFolder();
        var data = CopySample(folder.File("data"));
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(data, "catalog.json")))!;
        var messages = catalog["messages"]!.AsArray();
        var added = messages[0]!.DeepClone();
        added["id"] = "a_new_message";
        messages.Add(added);
        await File.WriteAllTextAsync(Path.Combine(data, "catalog.json"), catalog.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var result = await CliProcess.RunAsync("evaluate", "--data", data, "--model", Repository.SampleModel, "--out", folder.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("was trained on feature schema", result.All);
        Assert.Contains("Retrain the bundle", result.All);
    }

    [Theory]
    [InlineData("events.parquet", "events.parquet: expected a readable Parquet file")]
    [InlineData("profiles.parquet", "profiles.parquet: expected a readable Parquet file")]
    public async Task A_damaged_table_exits_one_naming_the_file_and_what_was_expected(string file, string message)
    {
        using var folder = new TempFolder();
        var data = CopySample(folder.File("data"));
        await File.WriteAllTextAsync(Path.Combine(data, file), "this is not a parquet file");

        var result = await CliProcess.RunAsync("evaluate", "--data", data, "--model", Repository.SampleModel, "--out", folder.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.All);
    }

    [Fact]
    public async Task A_log_without_logging_propensities_still_gets_every_section_with_estimated_propensities_said()
    {
        using var folder = new TempFolder();
        var data = CopySample(folder.File("data"));
        var events = Path.Combine(data, "events.parquet");
        var rows = new List<Core.Events.UserEvent>();
        await foreach (var batch in Data.Events.EventParquetReader.ReadAsync(events, new Data.Events.EventReadOptions()))
        {
            rows.AddRange(batch.Events.Select(WithoutPropensity));
        }

        await using (var writer = await Data.Events.EventParquetWriter.CreateAsync(events))
        {
            await writer.WriteAsync(rows);
        }

        var result = await CliProcess.RunAsync("evaluate", "--data", data, "--model", Repository.SampleModel, "--out", folder.File("out"));

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.File("out"), "report.json")));
        var root = json.RootElement;
        Assert.Equal("estimated", root.GetProperty("ope_setup").GetProperty("logging_propensities").GetString());
        var decisions = root.GetProperty("ope_setup").GetProperty("decisions").GetInt64();
        var notice = root.GetProperty("notices").EnumerateArray().Single(n => n.GetProperty("code").GetString() == "estimated_logging_propensities");
        Assert.StartsWith($"{decisions:N0} of {decisions:N0} logged decisions carry no logging propensity", notice.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(notice.GetProperty("message").GetString()!, result.All);

        // Model quality is measured as with propensities, and every policy still gets its estimates.
        Assert.Equal(report.Json.RootElement.GetProperty("models").GetRawText(), root.GetProperty("models").GetRawText());
        static string[] Keys(JsonElement ope) =>
            [.. ope.EnumerateArray().Where(r => r.GetProperty("policy").GetString() != "baseline")
                .Select(r => $"{r.GetProperty("policy").GetString()}/{r.GetProperty("estimator").GetString()}/{r.GetProperty("metric").GetString()}")];
        Assert.Equal(Keys(report.Json.RootElement.GetProperty("ope")), Keys(root.GetProperty("ope")));
    }

    private static Core.Events.UserEvent WithoutPropensity(Core.Events.UserEvent e)
    {
        if (e.Properties is null || JsonNode.Parse(e.Properties) is not JsonObject properties || !properties.Remove("propensity"))
        {
            return e;
        }

        return e with { Properties = properties.Count == 0 ? null : properties.ToJsonString() };
    }

    [Fact]
    public async Task A_validation_window_reaching_into_the_bundles_training_rows_is_clamped_and_said()
    {
        // models/sample validated on the last 14 days of data-samples: 90 days would score 76 days of its own training rows.
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(
            "evaluate", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--out", folder.File("out"), "--validation-days", "90");

        Assert.Equal(0, result.ExitCode);
        const string Expected = "--validation-days 90 would score rows the candidate bundle was trained on (it validated on the last 14 days of this " +
            "very data, from 2026-02-19 23:59): the validation window is clamped to 14 days.";
        Assert.Contains(Expected, result.All);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.File("out"), "report.json")));
        var notice = report.RootElement.GetProperty("notices").EnumerateArray().Single(n => n.GetProperty("code").GetString() == "validation_days_clamped");
        Assert.Equal(Expected, notice.GetProperty("message").GetString());

        // The clamped report measures exactly the rows the bundle's manifest measured.
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.SampleModel, "manifest.json")));
        Assert.Equal(
            manifest.RootElement.GetProperty("metrics").GetProperty("propensity").GetProperty("rows").GetInt64(),
            report.RootElement.GetProperty("models").GetProperty("propensity").GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task A_validation_window_shorter_than_the_longest_outcome_window_exits_one_saying_what_to_change()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(
            "evaluate", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--out", folder.File("out"), "--validation-days", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no decision in it has its longest outcome window (168 h) closed by the end of the log", result.All);
        Assert.Contains("Use more --validation-days", result.All);
    }

    [Theory]
    [InlineData(new[] { "evaluate", "--data", "data-samples", "--out", "x" }, "--model and --out are required")]
    [InlineData(new[] { "evaluate", "--model", "m", "--out", "x" }, "--data is required: the data folder to learn from")]
    [InlineData(new[] { "evaluate", "--data", "data-samples", "--model", "m", "--out", "x", "--validation-days", "0" }, "--validation-days must be positive")]
    public async Task Missing_or_bad_arguments_exit_two_and_say_what_to_fix(string[] args, string message)
    {
        var result = await CliProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.All);
    }

    private static string CopySample(string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(Repository.DataSamples))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        return to;
    }
}
