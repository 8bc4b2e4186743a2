using Recommender.Core.Catalog;

namespace Recommender.Simulation;

/// <summary>
/// The twelve messages of the synthetic product and a default contact policy. Goals, values and
/// eligibility are what a growth team would configure; how users really respond lives in
/// <see cref="MessageEffects"/>, which the recommender never sees. Most messages offer a second (or third) channel
/// where the content fits it: a billing discount or a support follow-up stays an email.
/// </summary>
public static class SyntheticCatalog
{
    public const string TeamGrowing = "team_growing";

    public static MessageCatalog Create() => new()
    {
        Messages =
        [
            Message("welcome_tour", MessageCategory.Onboarding, "email", ProductEvents.ProjectCreated, 72, 8, priority: 1, cooldown: 48, maxSends: 2,
                new Eligibility { ExcludedEvents = [ProductEvents.ProjectCreated] }) with { Channels = ["email", "in_app"] },
            Message("first_project_nudge", MessageCategory.Onboarding, "in_app", ProductEvents.ProjectCreated, 48, 8, priority: 1, cooldown: 72, maxSends: 3,
                new Eligibility { ExcludedEvents = [ProductEvents.ProjectCreated] }) with { Channels = ["in_app", "email"] },
            Message("invite_your_team", MessageCategory.Onboarding, "email", ProductEvents.TeammateInvited, 96, 10, priority: 1, cooldown: 96, maxSends: 2,
                new Eligibility { RequiredEvents = [ProductEvents.ProjectCreated], MinCompanySize = 2 }) with { Channels = ["email", "in_app"] },
            Message(TeamGrowing, MessageCategory.Engagement, "in_app", ProductEvents.PlanUpgraded, 168, 100, priority: 2, cooldown: 168, maxSends: 1,
                new Eligibility { Plans = ["free"] }) with
            {
                Channels = ["in_app", "email"],
                Trigger = new MessageTrigger { EventType = ProductEvents.TeammateInvited, Count = 5, WithinHours = 24 },
            },
            Message("task_templates", MessageCategory.Engagement, "email", ProductEvents.TaskCreated, 48, 2, priority: 0, cooldown: 168, maxSends: 3,
                new Eligibility { RequiredEvents = [ProductEvents.ProjectCreated] }) with { Channels = ["email", "in_app"], RepeatableGoal = true },
            Message("integrations_guide", MessageCategory.Engagement, "email", ProductEvents.IntegrationConnected, 120, 20, priority: 0, cooldown: 168, maxSends: 2,
                new Eligibility { RequiredEvents = [ProductEvents.ProjectCreated] }),
            Message("reports_feature", MessageCategory.Engagement, "push", ProductEvents.ReportExported, 72, 5, priority: 0, cooldown: 120, maxSends: 3,
                new Eligibility { RequiredEvents = [ProductEvents.TaskCreated] }) with { Channels = ["push", "in_app", "email"] },
            Message("upgrade_offer", MessageCategory.Marketing, "email", ProductEvents.PlanUpgraded, 168, 100, priority: 0, cooldown: 168, maxSends: 3,
                new Eligibility { Plans = ["free"], RequiredEvents = [ProductEvents.TaskCreated] }) with { Channels = ["email", "in_app"] },
            Message("annual_plan_discount", MessageCategory.Marketing, "email", ProductEvents.AnnualBillingEnabled, 168, 60, priority: 0, cooldown: 240, maxSends: 2,
                new Eligibility { Plans = ["pro", "business"] }),
            Message("webinar_invite", MessageCategory.Marketing, "email", ProductEvents.WebinarRegistered, 96, 5, priority: 0, cooldown: 336, maxSends: 2,
                new Eligibility()) with { Channels = ["email", "push"] },
            Message("ticket_followup", MessageCategory.Service, "email", "kb_article_viewed", 48, 3, priority: 1, cooldown: 72, maxSends: 5,
                new Eligibility { RequiredEvents = ["ticket_opened"] }) with { RepeatableGoal = true },
            Message("security_2fa", MessageCategory.Transactional, "email", ProductEvents.TwoFactorEnabled, 168, 6, priority: 3, cooldown: 336, maxSends: 2,
                new Eligibility { ExcludedEvents = [ProductEvents.TwoFactorEnabled] }) with { Channels = ["email", "push"] },
        ],
        Policy = new ContactPolicy
        {
            Overall = new FrequencyCap { PerDay = 1, PerWeek = 4 },
            ChannelCaps = new Dictionary<string, FrequencyCap> { ["email"] = new() { PerDay = 1, PerWeek = 3 } },
            CategoryCaps = new Dictionary<MessageCategory, FrequencyCap> { [MessageCategory.Marketing] = new() { PerDay = 1, PerWeek = 2 } },
            MinGapHours = 20,
            QuietHours = new QuietHours { StartHour = 21, EndHour = 8 },
            Support = new SupportSuppression(),
            FatigueWeight = 1,
            UnsubscribeCost = 20,
            MinExpectedValue = 0.05,
            ExplorationRate = 0.05,

            // The world's benchmarks (closed-loop value against the oracle's) compare policies on every user; a holdout
            // is switched on where it is measured (simulate --holdout-share, the incrementality tests).
            Holdout = new GlobalHoldout { Share = 0 },
        },
    };

    private static MessageDefinition Message(
        string id, MessageCategory category, string channel, string goal, double windowHours, double value,
        int priority, double cooldown, int maxSends, Eligibility eligibility) => new()
        {
            Id = id,
            Category = category,
            Channel = channel,
            GoalEvent = goal,
            GoalWindowHours = windowHours,
            Value = value,
            Priority = priority,
            CooldownHours = cooldown,
            MaxSends = maxSends,
            Eligibility = eligibility,
        };
}
