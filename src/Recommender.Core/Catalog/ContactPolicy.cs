using System.Text.Json.Serialization;

namespace Recommender.Core.Catalog;

/// <summary>
/// The contact policy: hard limits that no score can override, and the knobs of the decision rule.
/// Defaults are conservative: one message a day, three a week, none at night.
/// </summary>
public sealed record ContactPolicy
{
    /// <summary>Caps over all channels and categories.</summary>
    public FrequencyCap Overall { get; init; } = new() { PerDay = 1, PerWeek = 3 };

    /// <summary>Caps per channel name.</summary>
    public IReadOnlyDictionary<string, FrequencyCap> ChannelCaps { get; init; } = new Dictionary<string, FrequencyCap>();

    /// <summary>Caps per category.</summary>
    public IReadOnlyDictionary<MessageCategory, FrequencyCap> CategoryCaps { get; init; } =
        new Dictionary<MessageCategory, FrequencyCap>();

    /// <summary>Minimum hours between any two sends (transactional exempt when it bypasses caps).</summary>
    public double MinGapHours { get; init; } = 20;

    /// <summary>Quiet hours in the user's local time; null disables them.</summary>
    /// <remarks>Written even when null: omitting it would bring the default window back on reading.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public QuietHours? QuietHours { get; init; } = new();

    public SupportSuppression Support { get; init; } = new();

    /// <summary>Transactional messages ignore caps, gaps and quiet hours (they are what the user asked for).</summary>
    public bool TransactionalBypassesCaps { get; init; } = true;

    /// <summary>Weight of the expected unsubscribe cost against the expected value.</summary>
    public double FatigueWeight { get; init; } = 1;

    /// <summary>What losing a subscriber costs, in the unit of the messages' values.</summary>
    public double UnsubscribeCost { get; init; } = 20;

    /// <summary>Send nothing when the best expected value is below this.</summary>
    public double MinExpectedValue { get; init; }

    /// <summary>
    /// False for a slot that must always be filled (a web widget, a carousel): the engine then picks a message whenever
    /// one is eligible, ranking by P(goal | send) × value − fatigue cost (a no-send baseline cancels between candidates)
    /// and never exploring "send nothing". The hard rules still apply: with no eligible message, nothing is sent.
    /// </summary>
    public bool AllowNoSend { get; init; } = true;

    /// <summary>
    /// The global holdout: users who get no promotional message, so that analysts can measure what messaging adds
    /// (<c>evaluate</c>'s incrementality). Default 5 % of users; a share of 0 disables it.
    /// </summary>
    public GlobalHoldout Holdout { get; init; } = new();

    /// <summary>Probability of choosing another eligible candidate than the best, for off-policy evaluation.</summary>
    public double ExplorationRate { get; init; } = 0.05;

    /// <summary>Window (hours) in which an unsubscribe or complaint after a send is blamed on it.</summary>
    public double FatigueWindowHours { get; init; } = 168;
}
