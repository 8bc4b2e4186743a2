using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Events;
using Recommender.Data.Oracle;

namespace Recommender.Simulation.Tests;

/// <summary>
/// <c>oracle.parquet</c> lets training report the ceiling on its own validation rows, so it must cover every logged
/// decision, agree with the world's response model, and leave the data it describes untouched.
/// </summary>
public sealed class OracleFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"rec-oracle-{Guid.NewGuid():N}");

    [Fact]
    public async Task Writing_the_oracle_leaves_the_data_files_byte_identical()
    {
        var options = new WorldOptions { Users = 150, Days = 20, Seed = 4 };
        var plain = Path.Combine(_root, "plain");
        var withOracle = Path.Combine(_root, "oracle");

        await DataSetWriter.WriteAsync(new WorldGenerator(options, SyntheticCatalog.Create()), plain);
        await DataSetWriter.WriteWithOracleAsync(options, SyntheticCatalog.Create(), withOracle);

        foreach (var file in new[] { DataSetWriter.EventsFile, DataSetWriter.ProfilesFile, DataSetWriter.CatalogFile })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(plain, file)), await File.ReadAllBytesAsync(Path.Combine(withOracle, file)));
        }

        Assert.False(File.Exists(Path.Combine(plain, DataSetWriter.OracleFile)));
    }

    [Fact]
    public async Task The_oracle_has_one_row_per_logged_decision_and_sends_never_lower_the_goal_chance_without_a_backfire()
    {
        var options = new WorldOptions { Users = 200, Days = 25, Seed = 5 };
        var dir = Path.Combine(_root, "data");
        await DataSetWriter.WriteWithOracleAsync(options, SyntheticCatalog.Create(), dir);

        var oracle = await OracleParquetReader.ReadAsync(Path.Combine(dir, DataSetWriter.OracleFile));
        var decisions = new List<string>();
        await foreach (var batch in EventParquetReader.ReadAsync(Path.Combine(dir, DataSetWriter.EventsFile), new EventReadOptions()))
        {
            decisions.AddRange(batch.Events
                .Where(e => e.EventType is EventTypes.MessageSent || (e.EventType is EventTypes.DecisionNoSend && e.MessageId is not null))
                .Select(e => EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId)!));
        }

        Assert.True(decisions.Count > 500, $"only {decisions.Count} decisions");
        Assert.Equal(decisions.Order(StringComparer.Ordinal), oracle.Keys.Order(StringComparer.Ordinal));
        Assert.All(oracle.Values, row => Assert.InRange(row.Unsubscribe, 0, 1));

        // A send only lowers the goal chance when a promotional message hits an open ticket; that is rare, not typical.
        var lowered = oracle.Values.Count(r => r.GoalIfSent < r.GoalIfNotSent);
        Assert.True(lowered < oracle.Count / 10, $"{lowered} of {oracle.Count} sends lower the goal chance");
        Assert.Contains(oracle.Values, r => r.GoalIfSent > r.GoalIfNotSent);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
