namespace Recommender.Api.FunctionalTests.Hostile;

/// <summary>
/// Finding 8 of issue #14: <c>serve --model</c> without a catalog reported itself live and then refused every decision.
/// It now refuses to start, naming what to fix.
/// </summary>
public sealed class StartupTests
{
    [Fact]
    public async Task ServeWithABundleButNoCatalog_RefusesToStart()
    {
        using var folder = new TempFolder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
            "sqlite:" + folder.File("state.db"), folder.Path, new Dictionary<string, string> { ["Model__Path"] = Repository.SampleModel }));
        Assert.Contains("no catalog serves", error.Message, StringComparison.Ordinal);
    }
}
