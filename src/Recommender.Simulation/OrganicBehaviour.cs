namespace Recommender.Simulation;

/// <summary>
/// How users act on their own, without any message: whether they are active on a day, and how many times
/// they do each product action on an active day. Rates depend on the journey stage, the company and the
/// hidden activity trait.
/// </summary>
public static class OrganicBehaviour
{
    /// <summary>Probability of a team-onboarding burst (five or more invites within hours) on an active day.</summary>
    public static double InviteBurstProbability(UserWorldState s) =>
        s.HasDone(ProductEvents.ProjectCreated) ? 0.012 * SizeFactor(s) : 0;

    public const double MeanBurstSize = 6.5;

    /// <summary>Probability of being active on the day containing <paramref name="at"/>.</summary>
    public static double Activity(UserWorldState s, DateTime at)
    {
        var activity = s.User.Traits.Activity * (0.3 + 0.7 * Math.Exp(-s.DaysSinceSignup(at) / s.User.Traits.LifecycleDays));
        return s.Options.IsShifted(at) ? Math.Min(1, activity * ShiftedActivity) : activity;
    }

    /// <summary>How much more active users are after a behaviour shift (<see cref="WorldOptions.ShiftAtDay"/>).</summary>
    public const double ShiftedActivity = 2.5;

    /// <summary>Expected count of <paramref name="eventType"/> on an active day (bursts excluded).</summary>
    public static double PerActiveDay(UserWorldState s, string eventType)
    {
        var profile = s.User.Profile;
        var industry = profile.Categorical.GetValueOrDefault("industry");
        return eventType switch
        {
            ProductEvents.SessionStarted => 2.0,
            ProductEvents.ProjectCreated => s.HasDone(ProductEvents.ProjectCreated) ? 0.03 : 0.3,
            ProductEvents.TeammateInvited => s.HasDone(ProductEvents.ProjectCreated) ? 0.05 * SizeFactor(s) : 0,
            ProductEvents.TaskCreated => s.HasDone(ProductEvents.ProjectCreated) ? 1.0 : 0,
            ProductEvents.ReportExported => s.HasDone(ProductEvents.TaskCreated)
                ? 0.04 * (industry == "agency" ? 2.5 : industry == "finance" ? 1.5 : 1) : 0,
            ProductEvents.IntegrationConnected => s.HasDone(ProductEvents.ProjectCreated) ? 0.006 * SizeBand(s) : 0,
            ProductEvents.PlanUpgraded => profile.Plan == "free" && !s.HasDone(ProductEvents.PlanUpgraded) && s.HasDone(ProductEvents.TaskCreated)
                ? 0.003 * (1 + Math.Min(s.Count(ProductEvents.TeammateInvited), 6) / 2.0) : 0,
            ProductEvents.AnnualBillingEnabled => profile.Plan != "free" && !s.HasDone(ProductEvents.AnnualBillingEnabled) ? 0.0015 : 0,
            ProductEvents.WebinarRegistered => 0.002,
            ProductEvents.TwoFactorEnabled => s.HasDone(ProductEvents.TwoFactorEnabled) ? 0 : 0.004,
            "ticket_opened" => 0.025 * (1 + 0.5 * Math.Log10(profile.CompanySize ?? 1)),
            "kb_article_viewed" => 0.12 + 0.9 * s.OpenTicketCount,
            _ => 0,
        };
    }

    /// <summary>The product actions drawn each active day, in a fixed order (the order is part of determinism).</summary>
    public static IReadOnlyList<string> DailyTypes { get; } =
    [
        ProductEvents.SessionStarted, ProductEvents.ProjectCreated, ProductEvents.TeammateInvited, ProductEvents.TaskCreated,
        ProductEvents.ReportExported, ProductEvents.IntegrationConnected, ProductEvents.PlanUpgraded,
        ProductEvents.AnnualBillingEnabled, ProductEvents.WebinarRegistered, ProductEvents.TwoFactorEnabled,
        "ticket_opened", "kb_article_viewed",
    ];

    /// <summary>Expected occurrences per calendar day, as seen from <paramref name="at"/>: the organic hazard of a goal.</summary>
    public static double DailyRate(UserWorldState s, string eventType, DateTime at)
    {
        var perActiveDay = PerActiveDay(s, eventType);
        if (eventType == ProductEvents.TeammateInvited)
        {
            perActiveDay += InviteBurstProbability(s) * MeanBurstSize;
        }

        return Activity(s, at) * perActiveDay;
    }

    /// <summary>1 for a solo user, up to 2 for large companies: more people, more invites and tickets.</summary>
    public static double SizeFactor(UserWorldState s) => 1 + Math.Min(1, Math.Log10(s.User.Profile.CompanySize ?? 1) / 3);

    /// <summary>Company size band multiplier: integrations matter to larger companies.</summary>
    public static double SizeBand(UserWorldState s) => (s.User.Profile.CompanySize ?? 1) switch
    {
        >= 250 => 4,
        >= 50 => 3,
        >= 10 => 1.5,
        _ => 1,
    };
}
