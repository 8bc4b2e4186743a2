namespace Recommender.Soak;

/// <summary>One reporting interval: requests, errors, latencies and the server's memory at its end.</summary>
public sealed record SoakInterval(
    double EndSeconds, long Requests, long Errors, double RequestsPerSecond, double P50Ms, double P99Ms, double RssMb, double ManagedMb);
