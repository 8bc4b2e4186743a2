using System.Globalization;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Data.Catalog;
using Recommender.Import.OpenBandit;
using Recommender.Import.Tests.Support;

namespace Recommender.Import.Tests.OpenBandit;

/// <summary>The real Open Bandit logs (../shared/datasets/obd-men): each impression a decision with its logged propensity, both logs one catalog.</summary>
public sealed class ObdImportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Each_impression_is_a_send_with_its_logged_propensity_and_position_and_a_click_its_goal()
    {
        var input = Repository.Dataset("obd-men/bts");
        var rows = File.ReadLines(Path.Combine(input, "men.csv")).Skip(1).Select(l => l.Split(',')).ToList();

        var summary = await ObdImporter.RunAsync(new ObdImportOptions { Input = input, Output = _temp.File("bts") });

        var read = await ImportedFolder.ReadAsync(_temp.File("bts"));
        var sends = read.Events.Where(e => e.EventType == EventTypes.MessageSent).ToList();
        Assert.Equal((10_000L, 0L), (summary.Lines, summary.LinesDropped));
        Assert.Equal(10_000, sends.Count);
        Assert.Equal("obd-bts-000000", sends[0].UserId);
        for (var i = 0; i < rows.Count; i++)
        {
            var (item, position, propensity) = (int.Parse(rows[i][2], CultureInfo.InvariantCulture), rows[i][3], double.Parse(rows[i][5], CultureInfo.InvariantCulture));
            Assert.Equal(ObdCatalog.MessageId(item), sends[i].MessageId);
            Assert.Equal(propensity, EventPropertyReader.GetDouble(sends[i].Properties, EventProperties.Propensity));
            Assert.Equal(double.Parse(position, CultureInfo.InvariantCulture), EventPropertyReader.GetDouble(sends[i].Properties, "position"));
            Assert.Equal(sends[i].UserId, EventPropertyReader.GetString(sends[i].Properties, EventProperties.DecisionId));
        }

        var clicks = read.Events.Where(e => e.EventType == ObdCatalog.Click).ToList();
        Assert.Equal(rows.Count(r => r[4] == "1"), clicks.Count);
        Assert.All(clicks, c => Assert.Equal(sends.Single(s => s.UserId == c.UserId).Timestamp.AddSeconds(1), c.Timestamp));

        var profile = read.Profiles[0];
        Assert.Equal(["user_feature_0", "user_feature_1", "user_feature_2", "user_feature_3"], profile.Categorical.Keys.Order());
        Assert.Equal(34, profile.Numeric.Keys.Count(k => k.StartsWith("affinity_item_", StringComparison.Ordinal)));
        await ImportedFolder.AssertValidAsync(_temp.File("bts"));
    }

    [Fact]
    public async Task Both_logs_of_the_campaign_import_with_the_same_catalog_whose_items_carry_their_features()
    {
        await ObdImporter.RunAsync(new ObdImportOptions { Input = Repository.Dataset("obd-men/bts"), Output = _temp.File("bts") });
        await ObdImporter.RunAsync(new ObdImportOptions { Input = Repository.Dataset("obd-men/random"), Output = _temp.File("random") });

        Assert.Equal(await File.ReadAllBytesAsync(_temp.File("bts/catalog.json")), await File.ReadAllBytesAsync(_temp.File("random/catalog.json")));
        var catalog = CatalogJson.Load(_temp.File("random/catalog.json"));
        Assert.Equal(34, catalog.Messages.Count);
        Assert.False(catalog.Policy.AllowNoSend);
        Assert.Null(catalog.Policy.QuietHours);

        // No global holdout (an empty slot the log never shows), and a week's log leaves outcomes final within an hour.
        Assert.Equal((0, 1), (catalog.Policy.Holdout.Share, catalog.Policy.FatigueWindowHours));
        var first = catalog.Messages[0].Features!;
        Assert.Equal(-0.6771831139635117, first["item_feature_0"].Number);
        Assert.Equal(["like_item_00", "like_item_00", "like_item_00"], new[] { first["item_feature_1"], first["item_feature_2"], first["item_feature_3"] }.Select(v => v.Text));
        Assert.Equal("like_item_01", catalog.Messages[2].Features!["item_feature_1"].Text);
        var users = (await ImportedFolder.ReadAsync(_temp.File("random"))).Events.Select(e => e.UserId).First();
        Assert.Equal("obd-random-000000", users);
    }

    [Fact]
    public async Task Rows_that_break_the_data_sets_columns_are_left_out_and_listed()
    {
        var input = Directory.CreateDirectory(_temp.File("obd")).FullName;
        File.Copy(Repository.Dataset("obd-men/bts/item_context.csv"), Path.Combine(input, "item_context.csv"));
        var header = ",timestamp,item_id,position,click,propensity_score,user_feature_0,user-item_affinity_3";
        File.WriteAllLines(Path.Combine(input, "men.csv"),
        [
            header,
            "0,2019-11-24 00:01:03.979311+00:00,2,2,0,0.045525,cef3,0.0",
            "1,2019-11-24 00:01:45.406608+00:00,9,3,0,0,cef3,0.0",
            "2,2019-11-24 00:01:46,9,3,0,0.5,cef3,0.0",
            "3,2019-11-24 00:01:47+00:00,9,3,yes,0.5,cef3,0.0",
            "4,2019-11-24 00:01:48+00:00,x,3,1,0.5,cef3,1.5",
            "5,2019-11-24 00:01:49+00:00,40,1,1,0.5,,2.5",
        ]);

        var summary = await ObdImporter.RunAsync(new ObdImportOptions { Input = input, Output = _temp.File("out") });

        var file = Path.Combine(input, "men.csv");
        Assert.Equal(
        [
            $"{file}:3: propensity_score: expected a number in (0, 1], found \"0\"",
            $"{file}:4: timestamp: expected an instant with a zone between 2000 and 2100, found \"2019-11-24 00:01:46\"",
            $"{file}:5: click: expected 0 or 1, found \"yes\"",
            $"{file}:6: item_id: expected a whole number, found \"x\"",
        ], summary.FirstIssues.Select(i => i.ToString()));
        var read = await ImportedFolder.ReadAsync(_temp.File("out"));
        Assert.Equal(["obd-obd-000000", "obd-obd-000005"], read.Profiles.Select(p => p.UserId));
        Assert.Equal(2.5, read.Profiles[1].Numeric["affinity_item_03"]);
        Assert.False(read.Profiles[1].Categorical.ContainsKey("user_feature_0"));

        // An item the log shows but item_context.csv lacks is still a message, without features.
        var catalog = CatalogJson.Load(_temp.File("out/catalog.json"));
        Assert.Equal(35, catalog.Messages.Count);
        Assert.Null(catalog.Find("item_40")!.Features);
    }

    public void Dispose() => _temp.Dispose();
}
