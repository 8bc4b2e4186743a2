namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// Fills a <see cref="BanditLog"/> one logged decision at a time. Either every decision comes with the target's
/// full distribution (all four estimators can run) or none does (IPS and SNIPS only); mixing the two is refused,
/// because DM and DR must average over the same decisions as the others.
/// </summary>
public sealed class BanditLogBuilder
{
    private readonly List<string> _actions = [];
    private readonly List<double?> _propensities = [];
    private readonly List<double> _rewards = [];
    private readonly List<double> _targetPropensities = [];
    private readonly List<string?> _clusters = [];
    private readonly List<double> _timingRatios = [];
    private readonly List<int> _offsets = [0];
    private readonly List<string> _entryActions = [];
    private readonly List<double> _entryProbabilities = [];
    private readonly List<double> _entryPredictions = [];
    private bool? _withDistributions;

    public int Count => _actions.Count;

    /// <summary>Adds a decision for which only π(a_i | x_i) is known: enough for IPS and SNIPS.</summary>
    /// <param name="cluster">The decision's cluster for the bootstrap (the user id), or null to resample decisions; give all or none.</param>
    public BanditLogBuilder Add(string action, double? loggingPropensity, double reward, double targetPropensity, string? cluster = null)
    {
        UseDistributions(false);
        AddRow(action, loggingPropensity, reward, targetPropensity, cluster);
        return this;
    }

    /// <summary>
    /// Adds a decision with the target's whole distribution and the reward model's predictions; π(a_i | x_i) is read
    /// from it (an absent logged action is left for the estimators' check to report).
    /// </summary>
    /// <param name="cluster">The decision's cluster for the bootstrap (the user id), or null to resample decisions; give all or none.</param>
    /// <param name="timingRatio">For a target that also chooses the instant and channel: <see cref="BanditLog.TimingRatios"/>'s entry.</param>
    public BanditLogBuilder Add(
        string action, double? loggingPropensity, double reward, IEnumerable<TargetAction> target, string? cluster = null, double timingRatio = 1)
    {
        ArgumentNullException.ThrowIfNull(target);
        UseDistributions(true);
        var targetPropensity = 0.0;
        foreach (var entry in target)
        {
            _entryActions.Add(entry.Action);
            _entryProbabilities.Add(entry.Probability);
            _entryPredictions.Add(entry.PredictedReward);
            if (string.Equals(entry.Action, action, StringComparison.Ordinal))
            {
                targetPropensity = entry.Probability;
            }
        }

        _offsets.Add(_entryActions.Count);
        AddRow(action, loggingPropensity, reward, targetPropensity, cluster, timingRatio);
        return this;
    }

    /// <summary>The log; <see cref="BanditLog.Clusters"/> is null when no decision named one (a partial column is left for the check to report).</summary>
    public BanditLog Build() => new()
    {
        Actions = [.. _actions],
        LoggingPropensities = [.. _propensities],
        Rewards = [.. _rewards],
        TargetPropensities = [.. _targetPropensities],
        Clusters = _clusters.Any(c => c is not null) ? [.. _clusters!] : null,
        TimingRatios = _timingRatios.Any(r => r != 1) ? [.. _timingRatios] : null,
        Target = _withDistributions == true
            ? new TargetDistributions
            {
                Offsets = [.. _offsets],
                Actions = [.. _entryActions],
                Probabilities = [.. _entryProbabilities],
                PredictedRewards = [.. _entryPredictions],
            }
            : null,
    };

    private void AddRow(string action, double? loggingPropensity, double reward, double targetPropensity, string? cluster, double timingRatio = 1)
    {
        _clusters.Add(cluster);
        _timingRatios.Add(timingRatio);
        _actions.Add(action);
        _propensities.Add(loggingPropensity);
        _rewards.Add(reward);
        _targetPropensities.Add(targetPropensity);
    }

    private void UseDistributions(bool with)
    {
        if (_withDistributions is { } current && current != with)
        {
            throw new InvalidOperationException(current
                ? "This builder holds decisions with the target's full distribution; add every decision with one, so that DM and DR see the same decisions as IPS."
                : "This builder holds decisions without the target's distribution; add every decision the same way.");
        }

        _withDistributions = with;
    }
}
