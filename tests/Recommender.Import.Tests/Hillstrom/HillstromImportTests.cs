using System.Globalization;
using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Data.Catalog;
using Recommender.Import.Hillstrom;
using Recommender.Import.Tests.Support;

namespace Recommender.Import.Tests.Hillstrom;

/// <summary>The real Hillstrom file (../shared/datasets) imported as logged decisions: every customer one decision with propensity 1/3, every outcome inside its window.</summary>
public sealed class HillstromImportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Every_customer_is_one_decision_of_propensity_one_third_with_its_outcomes_inside_the_two_weeks()
    {
        var input = Repository.Dataset("hillstrom/hillstrom.csv");
        var truth = ReadCsv(input);

        var summary = Assert.Single(await HillstromImporter.RunAsync(new HillstromImportOptions { Input = input, Output = _temp.File("all") }));

        var read = await ImportedFolder.ReadAsync(_temp.File("all"));
        var decisions = read.Events.Where(e => e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend).ToList();
        Assert.Equal((64_000L, 0L), (summary.Lines, summary.LinesDropped));
        Assert.Equal(64_000, decisions.Count);
        Assert.Equal(truth.Count(r => r[8] == "Mens E-Mail"), decisions.Count(e => e.MessageId == HillstromCatalog.Mens && e.EventType == EventTypes.MessageSent));
        Assert.Equal(truth.Count(r => r[8] == "Womens E-Mail"), decisions.Count(e => e.MessageId == HillstromCatalog.Womens && e.EventType == EventTypes.MessageSent));
        Assert.Equal(truth.Count(r => r[8] == "No E-Mail"), decisions.Count(e => e.EventType == EventTypes.DecisionNoSend));
        Assert.All(decisions, e => Assert.Equal(1.0 / 3, EventPropertyReader.GetDouble(e.Properties, EventProperties.Propensity)));
        Assert.Equal(64_000, decisions.Select(e => EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId)).Distinct().Count());

        // Both e-mails are held out, so that control rows pair with each.
        var held = decisions.Where(e => e.EventType == EventTypes.DecisionNoSend).GroupBy(e => e.MessageId).ToDictionary(g => g.Key!, g => g.Count());
        Assert.InRange(held[HillstromCatalog.Mens] / (double)truth.Count(r => r[8] == "No E-Mail"), 0.47, 0.53);

        var decisionAt = decisions.ToDictionary(e => e.UserId, e => e.Timestamp);
        var visits = read.Events.Where(e => e.EventType == HillstromCatalog.Visit).ToList();
        var purchases = read.Events.Where(e => e.EventType == HillstromCatalog.Purchase).ToList();
        Assert.Equal(truth.Count(r => r[9] == "1"), visits.Count);
        Assert.Equal(truth.Count(r => r[10] == "1"), purchases.Count);
        Assert.Equal(truth.Sum(r => double.Parse(r[11], CultureInfo.InvariantCulture)), purchases.Sum(e => e.Value!.Value), 6);
        Assert.All(visits.Concat(purchases), e => Assert.InRange(e.Timestamp - decisionAt[e.UserId], TimeSpan.FromMinutes(1), TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1)));
        Assert.InRange(decisionAt.Values.Min(), new DateTime(2008, 3, 3, 0, 0, 0, DateTimeKind.Utc), new DateTime(2008, 3, 4, 0, 0, 0, DateTimeKind.Utc));
        Assert.InRange(decisionAt.Values.Max(), new DateTime(2009, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2009, 3, 2, 0, 0, 0, DateTimeKind.Utc));

        var profile = read.Profiles.Single(p => p.UserId == "h00000");
        Assert.Equal(["history", "mens", "newbie", "recency", "womens"], profile.Numeric.Keys.Order());
        Assert.Equal((10.0, 142.44, "Surburban", "Phone", "2) $100 - $200"), (profile.Numeric["recency"], profile.Numeric["history"], profile.Categorical["zip_code"], profile.Categorical["channel"], profile.Categorical["history_segment"]));
        Assert.Equal(JsonSerializer.Serialize(HillstromCatalog.Create()), JsonSerializer.Serialize(CatalogJson.Load(_temp.File("all/catalog.json"))));
        Assert.Equal(0, HillstromCatalog.Create().Policy.Holdout.Share);
        await ImportedFolder.AssertValidAsync(_temp.File("all"));
    }

    [Fact]
    public async Task The_split_is_disjoint_deterministic_and_salted()
    {
        var input = Repository.Dataset("hillstrom/hillstrom.csv");
        var options = new HillstromImportOptions { Input = input, Output = _temp.File("a"), HoldoutShare = 0.5 };

        var summaries = await HillstromImporter.RunAsync(options);
        await HillstromImporter.RunAsync(options with { Output = _temp.File("b") });
        await HillstromImporter.RunAsync(options with { Output = _temp.File("c"), Salt = "another" });

        var train = Users((await ImportedFolder.ReadAsync(_temp.File("a/train"))).Events);
        var holdout = Users((await ImportedFolder.ReadAsync(_temp.File("a/holdout"))).Events);
        Assert.Empty(train.Intersect(holdout));
        Assert.Equal(64_000, train.Count + holdout.Count);
        Assert.InRange(holdout.Count, 31_000, 33_000);
        Assert.Equal(holdout, Users((await ImportedFolder.ReadAsync(_temp.File("b/holdout"))).Events));
        Assert.NotEqual(holdout, Users((await ImportedFolder.ReadAsync(_temp.File("c/holdout"))).Events));
        Assert.Equal([_temp.File("a/train"), _temp.File("a/holdout")], summaries.Select(s => s.Output));
        Assert.Equal(await File.ReadAllBytesAsync(_temp.File("a/train/catalog.json")), await File.ReadAllBytesAsync(_temp.File("a/holdout/catalog.json")));
    }

    [Fact]
    public async Task Rows_that_break_the_challenges_columns_are_left_out_and_listed()
    {
        var input = _temp.File("hillstrom.csv");
        File.WriteAllLines(input,
        [
            "recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend",
            "10,2) $100 - $200,142.44,1,0,Surburban,0,Phone,Womens E-Mail,0,0,0",
            "6,3) $200 - $350,329.08,1,1,Rural,1,Web,Childrens E-Mail,0,0,0",
            "7,2) $100 - $200,180.65,0,1,Surburban,1,Web,Womens E-Mail,2,0,0",
            "9,5) $500 - $750,675.83,1,0,Rural,1,Web,Mens E-Mail,1,0",
            "2,1) $0 - $100,45.34,1,0,Urban,0,Web,No E-Mail,1,1,-3",
            "6,2) $100 - $200,134.83,0,1,Surburban,0,Phone,Mens E-Mail,1,1,29.99",
        ]);

        var summary = Assert.Single(await HillstromImporter.RunAsync(new HillstromImportOptions { Input = input, Output = _temp.File("out") }));

        Assert.Equal(
        [
            $"{input}:3: segment: expected one of \"Mens E-Mail\", \"Womens E-Mail\", \"No E-Mail\", found \"Childrens E-Mail\"",
            $"{input}:4: visit: expected 0 or 1, found \"2\"",
            $"{input}:5: 11 fields: expected 12, as the header has",
            $"{input}:6: spend: expected a number ≥ 0, found \"-3\"",
        ], summary.FirstIssues.Select(i => i.ToString()));
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Equal(["h00000", "h00005"], read.Profiles.Select(p => p.UserId));
        Assert.Equal(29.99, read.Events.Single(e => e.EventType == HillstromCatalog.Purchase).Value);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>The file's rows read by the framework's own CSV parser (history_segment "7) $1,000 +" is quoted), not the importer's.</summary>
    private static List<string[]> ReadCsv(string path)
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(path) { TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        parser.ReadFields();
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }

    private static HashSet<string> Users(IEnumerable<UserEvent> events) => events.Select(e => e.UserId).ToHashSet(StringComparer.Ordinal);
}
