using Recommender.Core.Events;

namespace Recommender.Api.Tests.Support;

/// <summary>Short event builders.</summary>
public static class Ev
{
    public static readonly DateTime T0 = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    public static UserEvent Action(string id, string user, DateTime at, string type = "project_created") => new(id, user, at, type);

    public static Core.Profiles.UserProfile Profile(string user) => new(user, T0.AddDays(-30), "DE", "Europe/Berlin", 12, "pro");

    public static UserEvent Sent(string id, string user, DateTime at, string message) => new(id, user, at, EventTypes.MessageSent, message);
}
