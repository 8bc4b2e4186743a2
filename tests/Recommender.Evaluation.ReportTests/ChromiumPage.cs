using Microsoft.Playwright;

namespace Recommender.Evaluation.ReportTests;

/// <summary>
/// Opens a report page in a real headless Chromium (Debian's <c>chromium</c> package, driven by Playwright; no browser
/// is ever downloaded) the way an analyst opens the file, and checks that it renders every section and chart without
/// a console error, a failed request or a request that leaves the file. The screenshot is kept as a test artefact.
/// </summary>
internal static class ChromiumPage
{
    /// <param name="docsScreenshot">The file under docs/ refreshed when RECOMMENDER_UPDATE_SCREENSHOT=1 (never otherwise: a test run does not edit the repository).</param>
    /// <param name="sectionScreenshots">Sections pictured on their own (section id → file under docs/), likewise refreshed only on request.</param>
    public static async Task CheckAsync(
        string htmlPath, string html, IReadOnlyList<string> sectionIds, string docsScreenshot, IReadOnlyDictionary<string, string>? sectionScreenshots = null)
    {
        // Skipped only on a developer machine without chromium; scripts/test.sh installs it, names it, and fails if it is missing.
        var chromium = TestServices.ChromiumPath();

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url} ({request.Failure})");
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        var response = await page.GotoAsync(new Uri(htmlPath).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.NotNull(response);
        Assert.True(response.Ok, $"status {response.Status}");
        Assert.Equal(sectionIds.Count, await page.Locator("section").CountAsync());
        foreach (var id in sectionIds)
        {
            var section = page.Locator($"section#{id}");
            Assert.Equal(1, await section.CountAsync());
            Assert.True(await section.IsVisibleAsync(), id);
            Assert.True((await section.InnerTextAsync()).Length > 40, $"section {id} is nearly empty");
        }

        var charts = page.Locator("figure.chart");
        var expected = System.Text.RegularExpressions.Regex.Matches(html, "<figure class=\"chart\"").Count;
        Assert.True(expected > 0, "the page has no chart");
        Assert.Equal(expected, await charts.CountAsync());
        for (var i = 0; i < expected; i++)
        {
            var chart = charts.Nth(i);
            var svg = chart.Locator("svg");
            Assert.Equal(1, await svg.CountAsync());
            var box = await svg.BoundingBoxAsync();
            Assert.True(box is { Width: > 200, Height: > 150 }, $"{await chart.GetAttributeAsync("id")} renders at {box?.Width}×{box?.Height}");
            Assert.True(await svg.Locator("text").CountAsync() > 3, $"{await chart.GetAttributeAsync("id")} has no axis text");
        }

        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, Path.GetFileName(docsScreenshot));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 50_000);

        foreach (var (id, file) in sectionScreenshots ?? new Dictionary<string, string>())
        {
            var path = Path.Combine(artifacts, file);
            await page.Locator($"section#{id}").ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
            Assert.True(new FileInfo(path).Length > 20_000, $"the picture of section {id} is nearly blank");
        }

        // The docs' pictures: the top of the page and the sections asked for, refreshed only on request.
        if (Environment.GetEnvironmentVariable("RECOMMENDER_UPDATE_SCREENSHOT") == "1")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Repository.Root, "docs", docsScreenshot) });
            foreach (var (_, file) in sectionScreenshots ?? new Dictionary<string, string>())
            {
                File.Copy(Path.Combine(artifacts, file), Path.Combine(Repository.Root, "docs", file), overwrite: true);
            }
        }

        Assert.Empty(problems);
        Assert.All(requests, url => Assert.StartsWith("file://", url));
    }
}
