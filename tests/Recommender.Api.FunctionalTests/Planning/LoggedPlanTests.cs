namespace Recommender.Api.FunctionalTests.Planning;

/// <summary>
/// <c>recommender plan --decision-log</c> runs under the same bounded heap as a plan that logs nothing (its log writer's
/// queue is one chunk, counted in the limit), and its log still holds every decision of the plan, once.
/// </summary>
public sealed class LoggedPlanTests
{
    /// <summary>A day after the sample's last event (2026-03-06), at noon UTC.</summary>
    private const string At = "2026-03-07T12:00:00Z";

    [Fact]
    public async Task ALoggedPlan_RunsUnderAHeapLimit_AndLogsEveryDecisionOfThePlan()
    {
        using var folder = new TempFolder();
        var planPath = folder.File("plan.parquet");
        var logFolder = folder.File("decision-log");

        var plan = await CliProcess.RunDllAsync(Repository.CliDll,
            "plan", "--data", Repository.DataSamples, "--model", Repository.SampleModel, "--at", At, "--decision-log", logFolder,
            "--out", planPath);

        Assert.True(plan.ExitCode == 0, plan.All);
        Assert.Contains("managed heap limited to", plan.All, StringComparison.Ordinal);
        var rows = await PlanTestFile.ReadAsync(planPath);
        var logged = await DecisionLogTestFile.ReadAllAsync([logFolder]);
        Assert.Equal(2_000, rows.Count);
        Assert.Equal(
            rows.Select(r => (r.DecisionId, r.UserId, r.MessageId)).Order(),
            logged.Select(d => (d.DecisionId, d.UserId, d.MessageId)).Order());
    }
}
