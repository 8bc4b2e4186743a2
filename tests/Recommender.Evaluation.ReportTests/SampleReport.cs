using System.Text.Json;

namespace Recommender.Evaluation.ReportTests;

/// <summary>
/// One evaluation of the committed sample bundle on the committed sample data, with the same bundle as baseline so
/// that every section (champion/challenger included) is present, shared by the tests that read the report. Built
/// once per test run: the report takes seconds, and the tests only read it.
/// </summary>
public sealed class SampleReport : IDisposable
{
    private readonly TempFolder _folder = new();

    public SampleReport()
    {
        Options = new EvaluationOptions();
        Result = new EvaluationJob(Options).RunAsync(Repository.DataSamples, Repository.SampleModel, Repository.SampleModel, _folder.Path)
            .GetAwaiter().GetResult();
        JsonText = File.ReadAllText(Path.Combine(_folder.Path, EvaluationJob.ReportJson));
        Html = File.ReadAllText(Path.Combine(_folder.Path, EvaluationJob.ReportHtml));
        Summary = File.ReadAllText(Path.Combine(_folder.Path, EvaluationJob.SummaryMarkdown));
        Json = JsonDocument.Parse(JsonText);
    }

    public EvaluationOptions Options { get; }

    public EvaluationResult Result { get; }

    public string Directory => _folder.Path;

    public string HtmlPath => Path.Combine(_folder.Path, EvaluationJob.ReportHtml);

    public string JsonText { get; }

    public JsonDocument Json { get; }

    public string Html { get; }

    public string Summary { get; }

    public void Dispose()
    {
        Json.Dispose();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SampleReportCollection : ICollectionFixture<SampleReport>
{
    public const string Name = "sample report";
}
