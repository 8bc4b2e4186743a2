using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.DecisionLog;

namespace Recommender.Training.Examples;

/// <summary>The inputs of an example run: the events table, the catalog, the schema and every user's profile.</summary>
/// <param name="EventsPath">An events <c>.parquet</c> file or a folder of them.</param>
/// <param name="Profiles">Profiles by user id; users without one get missing profile features.</param>
/// <param name="DecisionLog">The API's decision log, whose control rows join each user's events; null for none.</param>
/// <param name="NotChosen">
/// How many <see cref="ExampleArm.NotChosen"/> rows each logged decision gives at most (0: none, the default); see
/// <see cref="ExampleBuilder"/>.
/// </param>
/// <param name="Seed">Seed of the draw that picks the not-chosen rows when a decision has more eligible messages.</param>
/// <param name="Partition">The users to replay (null for every user); the others are read and skipped (<see cref="UserPartition"/>).</param>
public sealed record ExampleJob(
    string EventsPath,
    MessageCatalog Catalog,
    FeatureSchema Schema,
    IReadOnlyDictionary<string, UserProfile> Profiles,
    DecisionLogEvents? DecisionLog = null,
    int NotChosen = 0,
    int Seed = 7,
    UserPartition? Partition = null);
