namespace Recommender.Api.Tests.Support;

/// <summary>
/// The real redis-server that scripts/test.sh starts, at the address in RECOMMENDER_TEST_REDIS. Tests skip locally
/// when the variable is absent; in CI (CI=true) they never skip, so a missing server fails loudly.
/// </summary>
public static class TestRedis
{
    public const string Variable = "RECOMMENDER_TEST_REDIS";

    public static string? Address => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } a ? a : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address; skips the test when absent outside CI; fails it in CI.</summary>
    public static string Require()
    {
        Skip.If(Address is null && !IsCi, $"{Variable} is not set (scripts/test.sh sets it after starting redis-server).");
        return Address ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: scripts/test.sh must start redis-server and export it.");
    }
}
