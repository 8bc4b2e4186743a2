namespace Recommender.Simulation;

/// <summary>
/// The product actions of the synthetic world: a project-management SaaS whose journey runs
/// signed_up → project_created → teammate_invited → task_created → plan_upgraded, with side paths.
/// </summary>
public static class ProductEvents
{
    public const string SignedUp = "signed_up";
    public const string SessionStarted = "session_started";
    public const string ProjectCreated = "project_created";
    public const string TeammateInvited = "teammate_invited";
    public const string TaskCreated = "task_created";
    public const string ReportExported = "report_exported";
    public const string IntegrationConnected = "integration_connected";
    public const string PlanUpgraded = "plan_upgraded";
    public const string AnnualBillingEnabled = "annual_billing_enabled";
    public const string WebinarRegistered = "webinar_registered";
    public const string TwoFactorEnabled = "two_factor_enabled";

    /// <summary>Goals a user reaches once; after that the message pushing it has nothing left to do.</summary>
    public static IReadOnlySet<string> OneShot { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        PlanUpgraded, AnnualBillingEnabled, TwoFactorEnabled,
    };
}
