using Recommender.Core.Events;

namespace Recommender.Api.Stores;

/// <summary>A batch split by user, each user's events in batch order with their idempotency keys.</summary>
internal static class UserBatches
{
    public static Dictionary<string, List<(UserEvent Event, string Key)>> Split(IReadOnlyList<UserEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var byUser = new Dictionary<string, List<(UserEvent, string)>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!byUser.TryGetValue(e.UserId, out var list))
            {
                byUser[e.UserId] = list = [];
            }

            list.Add((e, EventKeys.Of(e)));
        }

        return byUser;
    }
}
