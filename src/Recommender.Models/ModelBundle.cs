using System.Text.Json;
using Recommender.Core;
using Recommender.Core.Features;
using Recommender.Models.Manifest;

namespace Recommender.Models;

/// <summary>
/// A trained bundle, loaded and checked: the manifest agrees with the caller's feature schema and every model file
/// is there and takes the inputs the manifest names. Serving loads a bundle once and refuses a mismatch at load,
/// never at the first request.
/// </summary>
public sealed class ModelBundle
{
    public const string ManifestFile = "manifest.json";

    private readonly BundleScorer _propensity;
    private readonly BundleScorer? _fatigue;
    private readonly BundleScorer? _control;
    private readonly double _fatiguePrior;

    private ModelBundle(string directory, string contentHash, BundleManifest manifest, BundleScorer propensity, BundleScorer? fatigue, BundleScorer? control)
    {
        Directory = directory;
        ContentHash = contentHash;
        Manifest = manifest;
        _propensity = propensity;
        _fatigue = fatigue;
        _control = control;
        _fatiguePrior = manifest.FatiguePrior ?? 0;
    }

    public string Directory { get; }

    /// <summary>
    /// SHA-256 (hex) over the name, length and bytes of <c>manifest.json</c> and of every model file, as loaded: two
    /// bundles with the same hash serve the same models, and a changed file gives another hash.
    /// </summary>
    public string ContentHash { get; }

    public BundleManifest Manifest { get; }

    /// <summary>Number of features a caller passes to the scoring methods: the schema's.</summary>
    public int FeatureCount => Manifest.FeatureNames.Count;

    /// <summary>
    /// False for a bundle in response mode (<see cref="UpliftSources.None"/>): nothing in its log identified
    /// P(goal | send nothing), so the decision rule ranks by P(goal | send) instead of a difference that would be 0.
    /// </summary>
    public bool EstimatesNoSend => Manifest.Uplift.Source != UpliftSources.None;

    /// <summary>
    /// Reads and checks <c>manifest.json</c> alone: what serving needs first, to rebuild the schema the bundle was
    /// trained on (<see cref="BundleManifest.FeatureSchemaOptions"/>) and then to <see cref="Load"/> against it.
    /// </summary>
    /// <exception cref="ModelBundleException">No manifest, or one this code cannot read.</exception>
    public static BundleManifest ReadManifest(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
        {
            throw new ModelBundleException($"'{directory}' is not a model bundle: it has no {ManifestFile}. Point to a folder written by `recommender train`.");
        }

        return ParseManifest(path, File.ReadAllBytes(path));
    }

    private static BundleManifest ParseManifest(string path, byte[] bytes)
    {
        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(bytes, CoreJson.Options);
        }
        catch (JsonException e)
        {
            throw new ModelBundleException($"{path} is not a valid bundle manifest ({e.Message}). Retrain the bundle with `recommender train`.", e);
        }

        if (manifest is null || manifest.FormatVersion != BundleManifest.CurrentFormatVersion)
        {
            throw new ModelBundleException(
                $"{path} has bundle format version {manifest?.FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}; " +
                $"this code reads version {BundleManifest.CurrentFormatVersion}. Retrain the bundle with this version of `recommender train`.");
        }

        CheckConsistent(path, manifest);
        return manifest;
    }

    /// <summary>Loads the bundle in <paramref name="directory"/> for features computed with <paramref name="expectedSchema"/>.</summary>
    /// <exception cref="ModelBundleException">Bad or missing manifest or model file, or a feature schema other than <paramref name="expectedSchema"/>.</exception>
    public static ModelBundle Load(string directory, FeatureSchema expectedSchema)
    {
        ArgumentNullException.ThrowIfNull(expectedSchema);
        ReadManifest(directory);

        // Every file is read once, hashed and loaded from the same bytes: the content hash names what serves.
        using var files = new BundleFiles(directory);
        var manifest = ParseManifest(Path.Combine(directory, ManifestFile), files.Read(ManifestFile));
        CheckSchema(directory, manifest, expectedSchema);

        // What varies between the candidates of one decision: the message's own features, then is_treatment.
        int[] varying = [.. expectedSchema.MessageFeatureIndices, expectedSchema.Count];
        var inputs = manifest.ModelInputs.Count;
        var propensity = BundleScorer.Load(files, directory, manifest.Models.Propensity, inputs, varying);
        var fatigue = manifest.Models.Fatigue is { } f ? BundleScorer.Load(files, directory, f, inputs, varying) : null;
        var control = manifest.Models.Control is { } c ? BundleScorer.Load(files, directory, c, inputs, varying) : null;
        return new ModelBundle(Path.GetFullPath(directory), files.ContentHash(), manifest, propensity, fatigue, control)
        {
            MessageFeatureCount = expectedSchema.MessageFeatureIndices.Count,
        };
    }

    /// <summary>
    /// Calibrated P(the message's goal within its window | send it now), or with <paramref name="send"/> false
    /// P(the same goal | send nothing now). <paramref name="features"/> are the schema's, for this user and message.
    /// </summary>
    public double GoalProbability(ReadOnlySpan<float> features, bool send) =>
        send || _control is null ? _propensity.Probability(Check(features), send ? 1f : 0f) : _control.Probability(Check(features), 0f);

    /// <summary>P(goal | send) − P(goal | send nothing): what the send adds, the decision rule's uplift.</summary>
    public double Uplift(ReadOnlySpan<float> features) => GoalProbability(features, send: true) - GoalProbability(features, send: false);

    /// <summary>
    /// Calibrated P(unsubscribe or complaint within the fatigue window | send the message now); the manifest's
    /// <see cref="BundleManifest.FatiguePrior"/> for a bundle without a fatigue model.
    /// </summary>
    public double UnsubscribeProbability(ReadOnlySpan<float> features)
    {
        Check(features);
        return _fatigue is null ? _fatiguePrior : _fatigue.Probability(features, 1f);
    }

    /// <summary>Number of message features per candidate that <see cref="ScoreCandidates"/> takes: the schema's <c>MessageFeatureIndices</c>.</summary>
    public int MessageFeatureCount { get; private init; }

    /// <summary>
    /// The three probabilities of several candidates of one user at one instant, equal to <see cref="GoalProbability"/>
    /// and <see cref="UnsubscribeProbability"/> of each candidate's full vector up to the order of the forests' double
    /// additions, at a fraction of the cost: the user's part of every forest is evaluated once.
    /// </summary>
    /// <param name="userFeatures">The schema's features from <c>FeatureExtractor.ExtractUser</c> (message positions ignored).</param>
    /// <param name="messageFeatures">Per candidate, <see cref="MessageFeatureCount"/> values from <c>FeatureExtractor.ExtractMessage</c>.</param>
    [System.Runtime.CompilerServices.SkipLocalsInit] // every buffer value is written before it is read
    public void ScoreCandidates(
        ReadOnlySpan<float> userFeatures, ReadOnlySpan<float> messageFeatures,
        Span<double> goalIfSent, Span<double> goalIfNotSent, Span<double> unsubscribe)
    {
        Check(userFeatures);
        var n = goalIfSent.Length;
        if (messageFeatures.Length != n * MessageFeatureCount || goalIfNotSent.Length != n || unsubscribe.Length != n)
        {
            throw new ArgumentException(
                $"Got {messageFeatures.Length} message features and {goalIfSent.Length}/{goalIfNotSent.Length}/{unsubscribe.Length} outputs; " +
                $"pass {MessageFeatureCount} message features per candidate and one output per candidate.", nameof(messageFeatures));
        }

        // Every model is asked for pairs (send, send nothing) that differ only in is_treatment. A model that never
        // splits on it (the fatigue and control models, and the send model of two) gives both for the price of one.
        float[]? rented = null;
        var size = 4 * n + userFeatures.Length + 1;
        var buffer = size <= 4096 ? stackalloc float[size] : (rented = System.Buffers.ArrayPool<float>.Shared.Rent(size)).AsSpan(0, size);
        var sent = buffer[..n];
        var notSent = buffer.Slice(n, n);
        var otherSent = buffer.Slice(2 * n, n);
        var otherNotSent = buffer.Slice(3 * n, n);
        var shared = buffer.Slice(4 * n, userFeatures.Length + 1);
        userFeatures.CopyTo(shared);

        _propensity.Variants.ScorePairs(shared, messageFeatures, 1f, 0f, sent, notSent);
        Calibrate(_propensity, sent, goalIfSent);
        if (_control is null)
        {
            Calibrate(_propensity, notSent, goalIfNotSent);
        }
        else
        {
            _control.Variants.ScorePairs(shared, messageFeatures, 1f, 0f, otherSent, otherNotSent);
            Calibrate(_control, otherNotSent, goalIfNotSent);
        }

        if (_fatigue is null)
        {
            unsubscribe.Fill(_fatiguePrior);
        }
        else
        {
            _fatigue.Variants.ScorePairs(shared, messageFeatures, 1f, 0f, otherSent, otherNotSent);
            Calibrate(_fatigue, otherSent, unsubscribe);
        }
        if (rented is not null)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static void Calibrate(BundleScorer scorer, ReadOnlySpan<float> raw, Span<double> probabilities)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            probabilities[i] = scorer.Calibrator.Probability(raw[i]);
        }
    }

    internal BundleScorer Propensity => _propensity;

    internal BundleScorer? Fatigue => _fatigue;

    internal BundleScorer? Control => _control;

    private ReadOnlySpan<float> Check(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"Got {features.Length} features; the bundle's schema has {FeatureCount}.", nameof(features));
        }

        return features;
    }

    private static void CheckSchema(string directory, BundleManifest manifest, FeatureSchema expected)
    {
        if (string.Equals(manifest.FeatureSchemaHash, expected.Hash, StringComparison.Ordinal)
            && manifest.FeatureNames.SequenceEqual(expected.Names, StringComparer.Ordinal))
        {
            return;
        }

        var names = manifest.FeatureNames;
        var first = Enumerable.Range(0, Math.Min(names.Count, expected.Count)).FirstOrDefault(i => names[i] != expected.Names[i], -1);
        var difference = first >= 0
            ? $"feature {first} is '{names[first]}' in the bundle and '{expected.Names[first]}' here"
            : $"the bundle has {names.Count} features and this schema {expected.Count}";
        throw new ModelBundleException(
            $"The bundle in '{directory}' was trained on feature schema {Short(manifest.FeatureSchemaHash)} ({names.Count} features), " +
            $"but features are computed here with schema {Short(expected.Hash)} ({expected.Count} features): {difference}. " +
            $"Retrain the bundle with this code (`recommender train`), or run the code version it was trained with ({manifest.CodeVersion}).");
    }

    private static void CheckConsistent(string path, BundleManifest manifest)
    {
        string? problem = null;
        if (string.IsNullOrWhiteSpace(manifest.FeatureSchemaHash) || manifest.FeatureNames is not { Count: > 0 })
        {
            problem = "no feature schema hash or feature names";
        }
        else if (manifest.ModelInputs is null || !manifest.ModelInputs.SequenceEqual([.. manifest.FeatureNames, BundleManifest.TreatmentInput], StringComparer.Ordinal))
        {
            problem = $"model_inputs that are not feature_names followed by '{BundleManifest.TreatmentInput}'";
        }
        else if (manifest.Models?.Propensity is null || manifest.Metrics is null || manifest.Parameters is null || manifest.Uplift is null)
        {
            problem = "no models, metrics, uplift source or parameters";
        }
        else if (manifest.Models.Fatigue is null && manifest.FatiguePrior is not (>= 0 and <= 1))
        {
            problem = "neither a fatigue model nor a fatigue_prior between 0 and 1";
        }
        else if (manifest.Uplift.Source is not (UpliftSources.RandomizedControl or UpliftSources.NotChosen or UpliftSources.None))
        {
            problem = $"an unknown uplift source '{manifest.Uplift.Source}'";
        }

        if (problem is not null)
        {
            throw new ModelBundleException($"{path} has {problem}. Retrain the bundle with `recommender train`.");
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
