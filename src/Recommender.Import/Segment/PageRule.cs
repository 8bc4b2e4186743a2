namespace Recommender.Import.Segment;

/// <summary>A <c>page</c> call whose path starts with <see cref="PathPrefix"/> becomes an event of <see cref="EventType"/> (a docs site's views: <c>kb_article_viewed</c>).</summary>
public sealed record PageRule(string PathPrefix, string EventType);
