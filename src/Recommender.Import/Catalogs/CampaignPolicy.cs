using Recommender.Core.Catalog;

namespace Recommender.Import.Catalogs;

/// <summary>
/// The contact policy of an imported public campaign log: one decision per impression or customer, so no caps, gaps,
/// quiet hours or support suppression; no fatigue or unsubscribe cost (these logs record no opt-outs to learn from);
/// no global holdout (the logs carry their own control, or none). Each importer adjusts what its log differs in.
/// </summary>
public static class CampaignPolicy
{
    public static ContactPolicy WithoutContactRules() => new()
    {
        Overall = new FrequencyCap(),
        MinGapHours = 0,
        QuietHours = null,
        Support = new SupportSuppression { SuppressOnOpenTicket = false, MaxTicketsIn30Days = null, SuppressedCategories = [] },
        FatigueWeight = 0,
        UnsubscribeCost = 0,
        MinExpectedValue = 0,
        Holdout = new GlobalHoldout { Share = 0 },
    };
}
