using Recommender.Core.Catalog;
using Recommender.Core.Events;

namespace Recommender.Simulation;

/// <summary>
/// Runs the world for every user, both cores at once, and hands the events out in user order, block by block,
/// so memory stays bounded by one block whatever the population size. The result does not depend on the
/// number of threads: each user's life depends only on the seed and the user's index.
/// </summary>
public sealed class WorldGenerator(WorldOptions options, MessageCatalog catalog, UserSimulator simulator)
{
    public const int BlockSize = 512;

    public WorldGenerator(WorldOptions options, MessageCatalog catalog)
        : this(options, catalog, UserSimulator.WithLoggingPolicy(options, catalog))
    {
    }

    public WorldOptions Options => options;

    public MessageCatalog Catalog => catalog;

    /// <summary>Blocks of users with their events; each block's users are consecutive and in index order.</summary>
    public IEnumerable<UserBlock> Generate(CancellationToken cancellationToken = default)
    {
        for (var first = 0; first < options.Users; first += BlockSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(BlockSize, options.Users - first);
            var users = new SimulatedUser[count];
            var events = new IReadOnlyList<UserEvent>[count];
            var start = first;
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                users[i] = Population.Draw(options, start + i);
                events[i] = simulator.Run(users[i]);
            });
            yield return new UserBlock(users, events);
        }
    }
}

/// <summary>Consecutive users and, at the same index, each one's events in time order.</summary>
public sealed record UserBlock(IReadOnlyList<SimulatedUser> Users, IReadOnlyList<IReadOnlyList<UserEvent>> Events)
{
    public int EventCount => Events.Sum(e => e.Count);
}
