using Recommender.Core.Catalog;

namespace Recommender.Simulation;

/// <summary>
/// The hidden affinity of each synthetic message for a user before fatigue: who really responds to what.
/// Different users are moved by different messages (company size, industry, country, lifecycle stage),
/// which is what makes personalisation pay. Messages this world does not know have no effect.
/// </summary>
public static class MessageEffects
{
    public static double Affinity(UserWorldState s, MessageDefinition m, DateTime at)
    {
        var p = s.User.Profile;
        var size = p.CompanySize ?? 1;
        var industry = p.Categorical.GetValueOrDefault("industry");
        var days = s.DaysSinceSignup(at);
        return m.Id switch
        {
            "welcome_tour" => 0.30 * Math.Exp(-days / 10) * (size < 10 ? 1.3 : 0.8),
            "first_project_nudge" => 0.30 * OrganicBehaviour.Activity(s, at),
            "invite_your_team" => 0.22 * (size >= 10 ? 1.5 : size >= 3 ? 0.7 : 0.15),
            SyntheticCatalog.TeamGrowing => TriggerHolds(s, m, at) ? 0.25 : 0.01,
            "task_templates" => 0.12 * (industry == "education" ? 1.5 : 1),
            "integrations_guide" => 0.06 * (size >= 250 ? 3 : size >= 50 ? 2.5 : size >= 10 ? 1.5 : 0.3) * (industry == "software" ? 1.5 : 1),
            "reports_feature" => 0.07 * (industry == "agency" ? 2.5 : industry == "finance" ? 1.5 : 0.5),
            "upgrade_offer" => 0.025 * (1 + Math.Min(s.Count(ProductEvents.TeammateInvited), 6) / 2.0) * (days > 14 ? 1.3 : 0.6),
            "annual_plan_discount" => 0.04 * (size >= 50 ? 1.5 : 0.8) * (p.Country is "US" or "GB" ? 1.3 : 1),
            "webinar_invite" => 0.05 * (p.Country is "US" or "GB" or "AU" ? 1.6 : 0.4),
            "ticket_followup" => s.OpenTicketCount > 0 ? 0.35 : 0.03,
            "security_2fa" => 0.12 * (industry is "finance" or "healthcare" ? 2 : 1),
            _ => 0,
        };
    }

    /// <summary>The moment a trigger describes (five invites in a day) is when its message works.</summary>
    public static bool TriggerHolds(UserWorldState s, MessageDefinition m, DateTime at) =>
        m.Trigger is { } t && s.CountWithin(t.EventType, at.AddHours(-t.WithinHours), at) >= t.Count;
}
