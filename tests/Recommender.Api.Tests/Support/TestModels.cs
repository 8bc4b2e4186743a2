using System.Text.Json;
using Recommender.Api.Models;
using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning;

namespace Recommender.Api.Tests.Support;

/// <summary>Goal probability 0.5 for every candidate and no fatigue: the most valuable eligible message wins.</summary>
public sealed class TestScorer(string version) : ICandidateScorer
{
    public string? Version => version;

    public bool EstimatesNoSend => false;

    public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf) => new(0.5, 0, 0);
}

/// <summary>
/// A stand-in for the bundle reader: a folder with <c>manifest.json</c> <c>{"version": "...", "event_types": [...]}</c>
/// loads; anything else, or a manifest whose event types differ from the serving schema's, is refused.
/// </summary>
public sealed class TestModelLoader(TimeProvider time) : IModelLoader
{
    public static readonly FeatureSchemaOptions Schema = new() { EventTypes = ["project_created", "teammate_invited"] };

    public ActiveModel Load(string directory, MessageCatalog catalog)
    {
        var path = Path.Combine(directory, "manifest.json");
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"'{directory}' has no manifest.json.");
        }

        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path} is not a manifest ({e.Message}).", e);
        }

        if (manifest?.version is null || manifest.event_types is null)
        {
            throw new ModelLoadException($"{path} lacks version or event_types.");
        }

        if (!manifest.event_types.SequenceEqual(Schema.EventTypes))
        {
            throw new ModelLoadException($"{path}: the feature schema does not match the serving schema.");
        }

        return new ActiveModel(manifest.version, new TestScorer(manifest.version), Schema, FeatureSchema.Create(catalog, Schema).Hash, directory, time.GetUtcNow());
    }

    public ActiveModel Fallback(MessageCatalog catalog) => new("test-0", new TestScorer("test-0"), Schema, null, null, time.GetUtcNow());

    private sealed record Manifest(string? version, string[]? event_types);
}
