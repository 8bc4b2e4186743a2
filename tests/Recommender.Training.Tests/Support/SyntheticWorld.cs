using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.Events;
using Recommender.Simulation;

namespace Recommender.Training.Tests.Support;

/// <summary>A small seeded synthetic world and its schema, shared read-only by the tests of a class.</summary>
public sealed class SyntheticWorld
{
    public SyntheticWorld()
        : this(users: 240, days: 45, seed: 11)
    {
    }

    internal SyntheticWorld(int users, int days, ulong seed)
    {
        var generator = new WorldGenerator(new WorldOptions { Users = users, Days = days, Seed = seed }, SyntheticCatalog.Create());
        Catalog = generator.Catalog;
        var blocks = generator.Generate().ToList();
        Users = blocks.SelectMany(b => b.Events).ToList();
        Profiles = blocks.SelectMany(b => b.Users).Select(u => u.Profile).ToDictionary(p => p.UserId, StringComparer.Ordinal);
        Schema = FeatureSchema.Create(Catalog, FeatureSchemaOptions.FromProfiles(
            Profiles.Values, ["session_started", "task_created", "teammate_invited", "report_exported"]));
    }

    public MessageCatalog Catalog { get; }

    /// <summary>Each user's events in time order, users in index order.</summary>
    public IReadOnlyList<IReadOnlyList<UserEvent>> Users { get; }

    public IReadOnlyDictionary<string, UserProfile> Profiles { get; }

    public FeatureSchema Schema { get; }

    public IEnumerable<UserEvent> AllEvents => Users.SelectMany(u => u);

    public static async Task WriteEventsAsync(string path, IEnumerable<UserEvent> events, int rowGroupSize = 5_000)
    {
        await using var writer = await EventParquetWriter.CreateAsync(path, rowGroupSize);
        await writer.WriteAsync(events);
    }
}
