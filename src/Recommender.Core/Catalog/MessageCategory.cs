namespace Recommender.Core.Catalog;

/// <summary>
/// What kind of message this is. The category decides which hard rules apply:
/// transactional messages ignore opt-outs and (by default) caps; support suppression
/// and complaints silence the promotional ones.
/// </summary>
public enum MessageCategory
{
    Transactional,
    Service,
    Onboarding,
    Engagement,
    Marketing,
}
