namespace Recommender.Training.Tests.Support;

/// <summary>A clock that always says the same instant, so that two bundles can be compared byte for byte.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static FixedTime Default { get; } = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
