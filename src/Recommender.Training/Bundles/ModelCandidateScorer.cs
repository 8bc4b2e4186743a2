using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning;

namespace Recommender.Training.Bundles;

/// <summary>
/// The trained bundle as the decision engine's scorer: extracts the features with the one feature code path and
/// asks the compiled propensity (send and no-send) and fatigue models. Thread-safe: each thread has its own
/// feature buffer, so concurrent decisions share the bundle without locks or allocation.
/// </summary>
public sealed class ModelCandidateScorer : ICandidateScorer
{
    private readonly ModelBundle _bundle;
    private readonly FeatureExtractor _extractor;
    private readonly ThreadLocal<float[]> _buffer;

    public ModelCandidateScorer(ModelBundle bundle, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Count != bundle.FeatureCount)
        {
            throw new ArgumentException($"The schema has {schema.Count} features; the bundle expects {bundle.FeatureCount}.", nameof(schema));
        }

        _bundle = bundle;
        _extractor = new FeatureExtractor(schema);
        _buffer = new ThreadLocal<float[]>(() => new float[schema.Count]);
        var fingerprint = bundle.Manifest.DataFingerprint;
        Version = $"{Path.GetFileName(bundle.Directory)}@{fingerprint[..Math.Min(12, fingerprint.Length)]}";
    }

    /// <summary>The bundle folder name and the start of its data fingerprint: enough to tell two bundles apart in a log.</summary>
    public string? Version { get; }

    public BundleManifest Manifest => _bundle.Manifest;

    /// <summary>
    /// Opens the bundle in <paramref name="directory"/> for <paramref name="catalog"/>: rebuilds the feature schema
    /// the bundle was trained on (from its manifest) and loads the models against it.
    /// </summary>
    /// <exception cref="ModelBundleException">Not a bundle, a damaged one, or a schema that differs from this code's.</exception>
    public static ModelCandidateScorer Open(string directory, MessageCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var manifest = ModelBundle.ReadManifest(directory);
        var schema = FeatureSchema.Create(catalog, manifest.FeatureSchemaOptions);
        return new ModelCandidateScorer(ModelBundle.Load(directory, schema), schema);
    }

    public bool EstimatesNoSend => true;

    public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf)
    {
        var features = _buffer.Value!;
        _extractor.Extract(state, profile, message, asOf, features);
        return new CandidateProbabilities(
            _bundle.GoalProbability(features, send: true),
            _bundle.GoalProbability(features, send: false),
            _bundle.UnsubscribeProbability(features));
    }
}
