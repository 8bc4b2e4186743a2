using Recommender.Core;
using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Data.Validation;

namespace Recommender.Data.Catalog;

/// <summary>
/// The checks a well-formed catalog must still pass: values the decision rule cannot work with
/// (negative caps, a day cap above the week cap, hours outside the clock, rates outside [0, 1), numbers that are not
/// finite or so large that instants or expected values computed from them overflow).
/// </summary>
internal sealed class CatalogRules(string file)
{
    /// <summary>Longest duration in hours (ten years): instants computed from a longer one leave the calendar.</summary>
    public const double MaxHours = 87_600;

    /// <summary>
    /// Largest value, cost or weight: expected values multiply them with each other and a probability, and must stay
    /// finite (an infinite one cannot be written as JSON, in the answer or the decision log).
    /// </summary>
    public const double MaxAmount = 1e9;

    /// <summary>A trigger's window is counted from the user's exact history, which reaches back 30 days.</summary>
    public static readonly double MaxTriggerHours = UserState.LongestWindow.TotalHours;

    private readonly List<ValidationIssue> _issues = [];

    public IReadOnlyList<ValidationIssue> Check(MessageCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Messages is null || catalog.Messages.Count == 0)
        {
            Error("messages", null, "at least one message", "none");
        }
        else
        {
            CheckMessages(catalog.Messages);
        }

        CheckPolicy(catalog.Policy ?? new ContactPolicy());
        return _issues;
    }

    private void CheckMessages(IReadOnlyList<MessageDefinition> messages)
    {
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var featureKinds = new Dictionary<string, (bool Numeric, int Message)>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var at = $"messages[{i}]";
            if (RequireText($"{at}.id", i, m.Id) && !firstIndex.TryAdd(m.Id, i))
            {
                Error($"{at}.id", i, "a message id used once", $"{Show.Text(m.Id)}, already used by messages[{firstIndex[m.Id]}]");
            }

            RequireText($"{at}.channel", i, m.Channel);
            CheckChannels(at, i, m);
            RequireText($"{at}.goal_event", i, m.GoalEvent);
            Positive($"{at}.goal_window_hours", i, m.GoalWindowHours, MaxHours);
            NotNegative($"{at}.value", i, m.Value, MaxAmount);
            NotNegative($"{at}.cooldown_hours", i, m.CooldownHours, MaxHours);
            if (m.MaxSends is < 1)
            {
                Error($"{at}.max_sends", i, "at least 1, or null for no limit", Show.Number(m.MaxSends.Value));
            }

            CheckEligibility($"{at}.eligibility", i, m.Eligibility ?? new Eligibility());
            CheckFeatures(at, i, m.Features, featureKinds);
            if (m.Trigger is { } trigger)
            {
                RequireText($"{at}.trigger.event_type", i, trigger.EventType);
                if (trigger.Count < 1)
                {
                    Error($"{at}.trigger.count", i, "a count of at least 1", Show.Number(trigger.Count));
                }

                Positive($"{at}.trigger.within_hours", i, trigger.WithinHours, MaxTriggerHours);
            }
        }
    }

    /// <summary>
    /// A feature name is one model input: numeric in every message that has it, or text in every one. Mixed kinds
    /// would silently split it into two unrelated inputs.
    /// </summary>
    private void CheckFeatures(string at, int i, IReadOnlyDictionary<string, MessageFeatureValue>? features, Dictionary<string, (bool Numeric, int Message)> kinds)
    {
        foreach (var (name, value) in features ?? new Dictionary<string, MessageFeatureValue>())
        {
            if (!RequireText($"{at}.features", i, name))
            {
                continue;
            }

            var numeric = value.Number is not null;
            if (!kinds.TryAdd(name, (numeric, i)) && kinds[name].Numeric != numeric)
            {
                var (firstNumeric, first) = kinds[name];
                Error($"{at}.features.{name}", i, $"a {(firstNumeric ? "number" : "string")}, as in messages[{first}]", Show.Text(value.ToString()));
            }
        }
    }

    /// <summary>The offered channels: named, each once, and the message's own <c>channel</c> among them (it is the "now only" answer).</summary>
    private void CheckChannels(string at, int i, MessageDefinition m)
    {
        if (m.Channels is not { } channels)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < channels.Count; j++)
        {
            if (RequireText($"{at}.channels[{j}]", i, channels[j]) && !seen.Add(channels[j]))
            {
                Error($"{at}.channels[{j}]", i, "each channel once", $"{Show.Text(channels[j])} again");
            }
        }

        if (!string.IsNullOrWhiteSpace(m.Channel) && !seen.Contains(m.Channel))
        {
            Error($"{at}.channels", i, $"a list that includes the message's channel {Show.Text(m.Channel)}",
                $"[{string.Join(", ", channels.Select(Show.Text))}]");
        }
    }

    private void CheckEligibility(string at, int i, Eligibility eligibility)
    {
        NotNegative($"{at}.min_company_size", i, eligibility.MinCompanySize, int.MaxValue);
        NotNegative($"{at}.max_company_size", i, eligibility.MaxCompanySize, int.MaxValue);
        if (eligibility.MinCompanySize > eligibility.MaxCompanySize)
        {
            Error($"{at}.min_company_size", i, $"at most max_company_size ({eligibility.MaxCompanySize})",
                Show.Number(eligibility.MinCompanySize.Value));
        }

        CheckNames($"{at}.plans", i, eligibility.Plans);
        CheckNames($"{at}.required_events", i, eligibility.RequiredEvents);
        CheckNames($"{at}.excluded_events", i, eligibility.ExcludedEvents);
    }

    private void CheckPolicy(ContactPolicy policy)
    {
        CheckCap("policy.overall", policy.Overall);
        foreach (var (channel, cap) in policy.ChannelCaps ?? new Dictionary<string, FrequencyCap>())
        {
            RequireText("policy.channel_caps", null, channel);
            CheckCap($"policy.channel_caps.{channel}", cap);
        }

        foreach (var (category, cap) in policy.CategoryCaps ?? new Dictionary<MessageCategory, FrequencyCap>())
        {
            CheckCap($"policy.category_caps.{CoreJsonName(category)}", cap);
        }

        NotNegative("policy.min_gap_hours", null, policy.MinGapHours, MaxHours);
        if (policy.QuietHours is { } quiet)
        {
            Hour("policy.quiet_hours.start_hour", quiet.StartHour);
            Hour("policy.quiet_hours.end_hour", quiet.EndHour);
            if (quiet.StartHour == quiet.EndHour)
            {
                Add(IssueSeverity.Warning, "policy.quiet_hours", null,
                    "different start and end hours (or null to disable quiet hours)",
                    $"both {quiet.StartHour}, which makes the quiet window empty");
            }
        }

        if (policy.Support?.MaxTicketsIn30Days is < 1)
        {
            Error("policy.support.max_tickets_in_30_days", null, "at least 1, or null to disable",
                Show.Number(policy.Support.MaxTicketsIn30Days.Value));
        }

        NotNegative("policy.fatigue_weight", null, policy.FatigueWeight, MaxAmount);
        NotNegative("policy.unsubscribe_cost", null, policy.UnsubscribeCost, MaxAmount);
        Positive("policy.fatigue_window_hours", null, policy.FatigueWindowHours, MaxHours);
        if (!(Math.Abs(policy.MinExpectedValue) <= MaxAmount))
        {
            Error("policy.min_expected_value", null, $"a finite number from -{Show.Number(MaxAmount)} to {Show.Number(MaxAmount)}",
                Show.Number(policy.MinExpectedValue));
        }

        if (policy.ExplorationRate is < 0 or >= 1 || double.IsNaN(policy.ExplorationRate))
        {
            // 1 would mean never exploiting; the logged propensity of the best candidate would be 0.
            Error("policy.exploration_rate", null, "a probability in [0, 1)", Show.Number(policy.ExplorationRate));
        }
    }

    private void CheckCap(string at, FrequencyCap? cap)
    {
        if (cap is null)
        {
            return;
        }

        NotNegative($"{at}.per_day", null, cap.PerDay, int.MaxValue);
        NotNegative($"{at}.per_week", null, cap.PerWeek, int.MaxValue);
        if (cap.PerDay > cap.PerWeek && cap.PerWeek >= 0)
        {
            Error($"{at}.per_day", null, $"at most per_week ({cap.PerWeek}), since a week holds the day",
                Show.Number(cap.PerDay.Value));
        }
    }

    private void CheckNames(string at, int i, IReadOnlyList<string>? names)
    {
        for (var j = 0; j < (names?.Count ?? 0); j++)
        {
            RequireText($"{at}[{j}]", i, names![j]);
        }
    }

    /// <summary>
    /// An id or name: not blank, and no control character or white space at either end (<see cref="IdText"/>, the API's
    /// rule for the same ids). A message id holding a newline was accepted here, yet the API refuses it in every request
    /// and event, so its sends could never be reported; a trailing space never matched the events an import trims.
    /// </summary>
    private bool RequireText(string at, int? i, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(at, i, "a non-empty string", Show.Text(value));
            return false;
        }

        if (IdText.Problem(value) is { } malformed)
        {
            Error(at, i, IdText.Expected, malformed);
            return false;
        }

        return true;
    }

    private void Hour(string at, int hour)
    {
        if (hour is < 0 or > 23)
        {
            Error(at, null, "an hour from 0 to 23", Show.Number(hour));
        }
    }

    private void NotNegative(string at, int? i, double? value, double max)
    {
        if (value is { } v && !(v >= 0 && v <= max))
        {
            Error(at, i, max >= int.MaxValue ? "a number ≥ 0" : $"a number from 0 to {Show.Number(max)}", Show.Number(v));
        }
    }

    private void Positive(string at, int? i, double value, double max)
    {
        if (!(value > 0 && value <= max))
        {
            Error(at, i, $"a number > 0 and at most {Show.Number(max)}", Show.Number(value));
        }
    }

    private void Error(string at, int? i, string expected, string found) => Add(IssueSeverity.Error, at, i, expected, found);

    private void Add(IssueSeverity severity, string at, int? i, string expected, string found) =>
        _issues.Add(ValidationIssue.InJson(severity, file, i, at, expected, found));

    private static string CoreJsonName(MessageCategory category) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());
}
