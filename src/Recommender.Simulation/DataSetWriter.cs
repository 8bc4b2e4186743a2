using Recommender.Data;

namespace Recommender.Simulation;

/// <summary>
/// Writes a generated world as a data folder of the contract: <c>events.parquet</c> (users in index order,
/// each user's events in time order), <c>profiles.parquet</c> and <c>catalog.json</c>.
/// </summary>
public static class DataSetWriter
{
    public const string EventsFile = "events.parquet";
    public const string ProfilesFile = "profiles.parquet";
    public const string CatalogFile = "catalog.json";

    /// <summary>Generates and writes; <paramref name="progress"/> receives the number of users done.</summary>
    public static async Task<DataSetSummary> WriteAsync(
        WorldGenerator generator, string directory, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var profiles = new List<Core.Profiles.UserProfile>(generator.Options.Users);
        long events = 0;
        var usersDone = 0;
        await using (var writer = await EventParquetWriter.CreateAsync(Path.Combine(directory, EventsFile), ct: cancellationToken))
        {
            foreach (var block in generator.Generate(cancellationToken))
            {
                foreach (var userEvents in block.Events)
                {
                    await writer.WriteAsync(userEvents, cancellationToken);
                    events += userEvents.Count;
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
