using Recommender.Evaluation.Monitoring;
using Recommender.Evaluation.Report;

namespace Recommender.Evaluation.ReportTests;

/// <summary>report.html renders in Chromium: every section (the verdict, the segments and incrementality included) and every chart.</summary>
[Collection(SampleReportCollection.Name)]
public sealed class BrowserTests(SampleReport report)
{
    [SkippableFact]
    public Task The_report_renders_every_section_and_chart_in_chromium_without_errors() =>
        ChromiumPage.CheckAsync(
            report.HtmlPath, report.Html, HtmlReport.SectionIds, "report-screenshot.png", new Dictionary<string, string> { ["segments"] = "segments-screenshot.png" });
}

/// <summary>monitor.html renders in Chromium like the evaluation report: the stale model's page, with its attention marks.</summary>
[Collection(MonitorWorldsCollection.Name)]
public sealed class MonitorBrowserTests(MonitorWorlds worlds)
{
    [SkippableFact]
    public Task The_monitor_page_renders_every_section_and_chart_in_chromium_without_errors() =>
        ChromiumPage.CheckAsync(worlds.Shifted.HtmlPath, worlds.Shifted.Html, MonitorHtml.SectionIds, "monitor-screenshot.png");
}
