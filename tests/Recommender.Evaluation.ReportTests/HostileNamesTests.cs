using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Data.Events;

namespace Recommender.Evaluation.ReportTests;

/// <summary>
/// A catalog whose message ids are markup, a JSON pointer's separators, quotes and ampersands: report.html shows them as
/// text (no element of theirs), and every number on the page still resolves to its number in report.json. Before, a
/// message id holding '/' gave its receptive segments pointers that named no value (the id was not escaped as a
/// pointer token there, as it was elsewhere).
/// </summary>
public sealed class HostileNamesTests
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["welcome_tour"] = "<script>alert(1)</script>",
        ["invite_your_team"] = "team/invite~1 & \"friends\" </table>",
        ["upgrade_offer"] = "=HYPERLINK(\"http://x\")|up/grade",
        ["reports_feature"] = "reports/feature",
    };

    [Fact]
    public async Task Message_ids_of_markup_and_pointer_separators_are_text_on_the_page_and_every_number_resolves()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        Directory.CreateDirectory(data);
        File.Copy(Path.Combine(Repository.DataSamples, "profiles.parquet"), Path.Combine(data, "profiles.parquet"));
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.DataSamples, "catalog.json")))!;
        foreach (var message in catalog["messages"]!.AsArray())
        {
            message!["id"] = Rename((string)message["id"]!);
        }

        await File.WriteAllTextAsync(Path.Combine(data, "catalog.json"), catalog.ToJsonString());
        await using (var writer = await EventParquetWriter.CreateAsync(Path.Combine(data, "events.parquet")))
        {
            await foreach (var batch in EventParquetReader.ReadAsync(Path.Combine(Repository.DataSamples, "events.parquet")))
            {
                foreach (var e in batch.Events)
                {
                    await writer.WriteAsync(e.MessageId is null ? e : e with { MessageId = Rename(e.MessageId) });
                }
            }
        }

        var trained = await CliProcess.RunAsync("train", "--data", data, "--out", folder.File("model"), "--seed", "7");
        Assert.True(trained.ExitCode == 0, trained.All);
        var result = await CliProcess.RunAsync("evaluate", "--data", data, "--model", folder.File("model"), "--out", folder.File("out"));
        Assert.True(result.ExitCode == 0, result.All);

        var html = await File.ReadAllTextAsync(folder.File("out/" + EvaluationJob.ReportHtml));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(folder.File("out/" + EvaluationJob.ReportJson)));
        var names = json.RootElement.GetProperty("segments").GetProperty("by_message").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains(Renamed["invite_your_team"], names);
        Assert.Contains(Renamed["upgrade_offer"], names);
        TaggedNumbers.AssertEachIsTheJsonNumber(html, json.RootElement, 300, EvaluationJob.ReportJson);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"friends\" </table>", html, StringComparison.Ordinal);
        Assert.Contains("team/invite~1 &amp; &quot;friends&quot; &lt;/table&gt;", html, StringComparison.Ordinal);
    }

    private static string Rename(string id) => Renamed.GetValueOrDefault(id, id);
}
