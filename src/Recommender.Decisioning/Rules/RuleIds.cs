namespace Recommender.Decisioning.Rules;

/// <summary>Ids of the hard rules, as they appear in decisions, logs, metrics and reports.</summary>
public static class RuleIds
{
    public const string UnknownMessage = "unknown_message";
    public const string ChannelMismatch = "channel_mismatch";
    public const string Unsubscribed = "unsubscribed";
    public const string Complained = "complained";
    public const string GlobalHoldout = "global_holdout";
    public const string EligibilityPlan = "eligibility_plan";
    public const string EligibilityCompanySize = "eligibility_company_size";
    public const string EligibilityRequiredEvent = "eligibility_required_event";
    public const string EligibilityExcludedEvent = "eligibility_excluded_event";
    public const string GoalReached = "goal_reached";
    public const string TriggerNotMet = "trigger_not_met";
    public const string MaxSends = "max_sends";
    public const string Cooldown = "cooldown";
    public const string SupportOpenTicket = "support_open_ticket";
    public const string SupportTicketVolume = "support_ticket_volume";
    public const string QuietHours = "quiet_hours";
    public const string MinGap = "min_gap";
    public const string CapOverall = "cap_overall";
    public const string CapChannel = "cap_channel";
    public const string CapCategory = "cap_category";
}
