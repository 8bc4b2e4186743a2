using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Simulation;

namespace Recommender.Training.Tests.Support;

/// <summary>Small seeded data folders of the synthetic world, and options that train on them in seconds.</summary>
internal static class TrainingData
{
    /// <summary>Few, small trees: enough to learn something, fast enough for a test.</summary>
    public static TrainingOptions FastOptions { get; } = new()
    {
        ValidationDays = 10,
        MinimumPositives = 10,
        Propensity = new BoosterOptions { Iterations = 30, MinimumRowsPerLeaf = 50 },
        Fatigue = new BoosterOptions { Iterations = 20, LearningRate = 0.05, Leaves = 7, MinimumRowsPerLeaf = 50 },
    };

    public static Task WriteAsync(string directory, int users = 700, int days = 40, ulong seed = 3) =>
        WriteAsync(directory, new WorldOptions { Users = users, Days = days, Seed = seed });

    /// <summary>A world of other habits: no control group (<c>ControlRate</c> 0), no opt-outs, ...</summary>
    public static Task WriteAsync(string directory, WorldOptions world) =>
        DataSetWriter.WriteWithOracleAsync(world, SyntheticCatalog.Create(), directory);

    /// <summary>Copies the three input files of <paramref name="from"/> (not the oracle) to <paramref name="to"/>.</summary>
    public static void CopyInputs(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in new[] { DataSetWriter.EventsFile, DataSetWriter.ProfilesFile, DataSetWriter.CatalogFile })
        {
            File.Copy(Path.Combine(from, file), Path.Combine(to, file));
        }
    }

    /// <summary>Rewrites the events of a folder through <paramref name="keep"/>.</summary>
    public static async Task FilterEventsAsync(string directory, Func<UserEvent, bool> keep)
    {
        var path = Path.Combine(directory, DataSetWriter.EventsFile);
        var events = new List<UserEvent>();
        await foreach (var batch in EventParquetReader.ReadAsync(path, new EventReadOptions()))
        {
            events.AddRange(batch.Events.Where(keep));
        }

        await using var writer = await EventParquetWriter.CreateAsync(path);
        await writer.WriteAsync(events);
    }

    /// <summary>Rewrites the catalog of a folder through <paramref name="change"/>.</summary>
    public static void ChangeCatalog(string directory, Func<MessageCatalog, MessageCatalog> change)
    {
        var path = Path.Combine(directory, DataSetWriter.CatalogFile);
        CatalogJson.Save(path, change(CatalogJson.Load(path)));
    }
}
