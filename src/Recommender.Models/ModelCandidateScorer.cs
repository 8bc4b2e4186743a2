using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Decisioning;
using Recommender.Models.Manifest;

namespace Recommender.Models;

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
    private readonly ThreadLocal<Scratch> _scratch;

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
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(schema.Count, schema.MessageFeatureIndices.Count));
        Version = VersionOf(bundle);
    }

    /// <summary>
    /// The bundle folder name and the start of its <see cref="ModelBundle.ContentHash"/>: a changed file gives another
    /// version (the data fingerprint did not: a bundle retrained with other options, or edited, kept its version).
    /// </summary>
    public string? Version { get; }

    /// <summary>
    /// Whether <paramref name="version"/> (a decision's <c>model_version</c>) names <paramref name="bundle"/>: by its content
    /// hash, so that a copy of the bundle in a folder of another name is still the same model.
    /// </summary>
    public static bool IsVersionOf(string? version, ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);

        // Without building the suffix: monitor asks for every logged send.
        var hash = bundle.ContentHash.AsSpan(0, VersionHashLength);
        return version is not null && version.Length > hash.Length && version[^(hash.Length + 1)] == '@'
            && version.AsSpan(version.Length - hash.Length).SequenceEqual(hash);
    }

    /// <summary>The <c>model_version</c> decisions by <paramref name="bundle"/> carry: its folder's name and its content hash's first 12 characters.</summary>
    public static string VersionOf(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return $"{Path.GetFileName(bundle.Directory)}@{bundle.ContentHash[..VersionHashLength]}";
    }

    private const int VersionHashLength = 12;

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

    public bool EstimatesNoSend => _bundle.EstimatesNoSend;

    public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf)
    {
        var features = _buffer.Value!;
        _extractor.Extract(state, profile, message, asOf, features);
        return new CandidateProbabilities(
            _bundle.GoalProbability(features, send: true),
            _bundle.GoalProbability(features, send: false),
            _bundle.UnsubscribeProbability(features));
    }

    /// <summary>The user's features once, each candidate's own features, then every forest once for all candidates.</summary>
    public void ScoreAll(UserState state, UserProfile? profile, ReadOnlySpan<MessageDefinition> messages, DateTime asOf, Span<CandidateProbabilities> results)
    {
        if (messages.Length == 0)
        {
            return;
        }

        var scratch = _scratch.Value!;
        var n = messages.Length;
        var m = _bundle.MessageFeatureCount;
        scratch.Ensure(n);
        _extractor.ExtractUser(state, profile, asOf, scratch.User);
        for (var i = 0; i < n; i++)
        {
            _extractor.ExtractMessage(state, messages[i], asOf, scratch.Messages.AsSpan(i * m, m));
        }

        _bundle.ScoreCandidates(
            scratch.User, scratch.Messages.AsSpan(0, n * m),
            scratch.GoalIfSent.AsSpan(0, n), scratch.GoalIfNotSent.AsSpan(0, n), scratch.Unsubscribe.AsSpan(0, n));
        for (var i = 0; i < n; i++)
        {
            results[i] = new CandidateProbabilities(scratch.GoalIfSent[i], scratch.GoalIfNotSent[i], scratch.Unsubscribe[i]);
        }
    }

    /// <summary>One thread's buffers, grown to the largest candidate count seen and then reused.</summary>
    private sealed class Scratch(int features, int messageFeatures)
    {
        public float[] User { get; } = new float[features];

        public float[] Messages { get; private set; } = [];

        public double[] GoalIfSent { get; private set; } = [];

        public double[] GoalIfNotSent { get; private set; } = [];

        public double[] Unsubscribe { get; private set; } = [];

        public void Ensure(int candidates)
        {
            if (GoalIfSent.Length >= candidates)
            {
                return;
            }

            var size = Math.Max(candidates, 2 * GoalIfSent.Length);
            Messages = new float[size * messageFeatures];
            GoalIfSent = new double[size];
            GoalIfNotSent = new double[size];
            Unsubscribe = new double[size];
        }
    }
}
