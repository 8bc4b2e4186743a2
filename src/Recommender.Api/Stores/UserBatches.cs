using Recommender.Core.Events;

namespace Recommender.Api.Stores;

/// <summary>One event of a batch: the event, its idempotency key and its index in the batch.</summary>
internal readonly record struct BatchEvent(UserEvent Event, string Key, int Index);

/// <summary>A batch split by user, each user's events in batch order with their idempotency keys.</summary>
internal static class UserBatches
{
    public static Dictionary<string, List<BatchEvent>> Split(IReadOnlyList<UserEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var byUser = new Dictionary<string, List<BatchEvent>>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!byUser.TryGetValue(e.UserId, out var list))
            {
                byUser[e.UserId] = list = [];
            }

            list.Add(new BatchEvent(e, EventKeys.Of(e), i));
        }

        return byUser;
    }
}
