using Recommender.Core.Events;

namespace Recommender.Training.Examples;

/// <summary>All events of one user, as the pipeline hands them to a worker.</summary>
internal sealed record UserEvents(string UserId, List<UserEvent> Events);
