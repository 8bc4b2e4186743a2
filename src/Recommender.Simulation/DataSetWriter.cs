using Recommender.Core.Catalog;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Oracle;
using Recommender.Data.Profiles;

namespace Recommender.Simulation;

/// <summary>
/// Writes a generated world as a data folder of the contract: <c>events.parquet</c> (users in index order,
/// each user's events in time order), <c>profiles.parquet</c> and <c>catalog.json</c>; optionally also
/// <c>oracle.parquet</c>, the world's true probabilities per logged decision (see <see cref="OracleParquetWriter"/>).
/// </summary>
public static class DataSetWriter
{
    public const string EventsFile = "events.parquet";
    public const string ProfilesFile = "profiles.parquet";
    public const string CatalogFile = "catalog.json";
    public const string OracleFile = OracleParquetWriter.FileName;

    /// <summary>Generates and writes; <paramref name="progress"/> receives the number of users done.</summary>
    public static Task<DataSetSummary> WriteAsync(
        WorldGenerator generator, string directory, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return WriteAsync(generator, null, directory, progress, cancellationToken);
    }

    /// <summary>
    /// Generates the world of <paramref name="options"/> with the logging policy and writes it together with
    /// <c>oracle.parquet</c>. The other three files are identical to those <see cref="WriteAsync(WorldGenerator, string, IProgress{int}?, CancellationToken)"/> writes.
    /// </summary>
    public static Task<DataSetSummary> WriteWithOracleAsync(
        WorldOptions options, MessageCatalog catalog, string directory, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var oracle = new OracleLog();
        var generator = new WorldGenerator(options, catalog, UserSimulator.WithLoggingPolicy(options, catalog, oracle));
        return WriteAsync(generator, oracle, directory, progress, cancellationToken);
    }

    private static async Task<DataSetSummary> WriteAsync(
        WorldGenerator generator, OracleLog? oracle, string directory, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        try
        {
            return await WriteFilesAsync(generator, oracle, directory, progress, cancellationToken);
        }
        catch
        {
            // A world cut short (a full disk, a cancelled run) is no data folder: its events file has no footer, and a
            // later command would fail on it far from the cause (or generate refuse the folder as holding data).
            try
            {
                DataFolder.Remove(directory, [EventsFile, OracleFile, ProfilesFile, CatalogFile]);
            }
            catch (IOException)
            {
                // The failure that stopped the run is the one to report.
            }

            throw;
        }
    }

    private static async Task<DataSetSummary> WriteFilesAsync(
        WorldGenerator generator, OracleLog? oracle, string directory, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var profiles = new List<Core.Profiles.UserProfile>(generator.Options.Users);
        long events = 0;
        var usersDone = 0;
        await using (var writer = await EventParquetWriter.CreateAsync(Path.Combine(directory, EventsFile), ct: cancellationToken))
        await using (var oracleWriter = oracle is null ? null : await OracleParquetWriter.CreateAsync(Path.Combine(directory, OracleFile), cancellationToken))
        {
            foreach (var block in generator.Generate(cancellationToken))
            {
                var oracleRows = new List<OracleRow>();
                foreach (var userEvents in block.Events)
                {
                    await writer.WriteAsync(userEvents, cancellationToken);
                    events += userEvents.Count;
                    oracleRows.AddRange(oracle?.Take(userEvents) ?? []);
                }

                if (oracleWriter is not null)
                {
                    await oracleWriter.WriteAsync(oracleRows, cancellationToken);
                }

                profiles.AddRange(block.Users.Select(u => u.Profile));
                usersDone += block.Users.Count;
                progress?.Report(usersDone);
            }
        }

        await ProfileParquetWriter.WriteAsync(Path.Combine(directory, ProfilesFile), profiles, cancellationToken);
        CatalogJson.Save(Path.Combine(directory, CatalogFile), generator.Catalog);
        return new DataSetSummary(directory, generator.Options.Users, events);
    }
}

/// <summary>What <see cref="DataSetWriter"/> wrote.</summary>
public sealed record DataSetSummary(string Directory, int Users, long Events);
