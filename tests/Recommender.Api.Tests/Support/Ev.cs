using Recommender.Core.Events;

namespace Recommender.Api.Tests.Support;

/// <summary>Short event builders.</summary>
public static class Ev
{
    public static readonly DateTime T0 = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    public static UserEvent Action(string id, string user, DateTime at, string type = "project_created") => new(id, user, at, type);

    public static UserEvent Sent(string id, string user, DateTime at, string message) => new(id, user, at, EventTypes.MessageSent, message);
}
