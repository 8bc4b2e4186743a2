using Recommender.Core.Catalog;
using Recommender.Import.Catalogs;

namespace Recommender.Import.Hillstrom;

/// <summary>
/// The Hillstrom campaign as a catalog: the men's and the women's e-mail, each with the challenge's outcome (a website
/// visit within two weeks) as its goal, worth 1 so that values are visit rates. The policy suits a one-shot campaign:
/// one decision per customer, so no caps, gaps or quiet hours; no fatigue cost (the campaign measured no opt-outs, so
/// the model has none to learn from); "send nothing" is a real choice, taken when neither e-mail is expected to add a
/// visit; no exploration, so the evaluated policy is the greedy one; no global holdout, since the campaign's own
/// no-e-mail third is its control and the policy is measured on every customer.
/// </summary>
public static class HillstromCatalog
{
    public const string Mens = "mens_email";
    public const string Womens = "womens_email";
    public const string Visit = "website_visit";
    public const string Purchase = "purchase";

    public static MessageCatalog Create() => new()
    {
        Messages = [Message(Mens), Message(Womens)],
        Policy = CampaignPolicy.WithoutContactRules() with { ExplorationRate = 0 },
    };

    private static MessageDefinition Message(string id) => new()
    {
        Id = id,
        Category = MessageCategory.Marketing,
        Channel = "email",
        GoalEvent = Visit,
        RepeatableGoal = true,
        GoalWindowHours = 14 * 24,
        Value = 1,
    };
}
