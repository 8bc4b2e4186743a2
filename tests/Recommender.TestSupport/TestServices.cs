using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace Recommender.TestSupport;

/// <summary>
/// The outside services a few tests need: the real redis-server and Debian's Chromium. On a developer machine
/// without them (a plain <c>dotnet test</c>) those tests skip. Under <c>scripts/test.sh</c>, which starts or installs
/// both and sets <see cref="RequireVariable"/>, and in CI (<c>CI=true</c>), a missing service fails the test instead:
/// a skipped test there would be a check that silently did not happen.
/// </summary>
public static class TestServices
{
    /// <summary>The address (host:port) of the redis-server scripts/test.sh starts.</summary>
    public const string RedisVariable = "RECOMMENDER_TEST_REDIS";

    /// <summary>The Chromium executable; scripts/test.sh sets it from <c>command -v chromium</c>.</summary>
    public const string ChromiumVariable = "RECOMMENDER_CHROMIUM";

    /// <summary>Set to 1 (or true) to fail, not skip, a test whose service is missing.</summary>
    public const string RequireVariable = "RECOMMENDER_TEST_REQUIRE_SERVICES";

    /// <summary>Where Debian's chromium package puts the browser, used when <see cref="ChromiumVariable"/> is not set.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    /// <summary>True when a missing service must fail the test (scripts/test.sh or CI).</summary>
    public static bool Required => IsSet(RequireVariable) || IsSet("CI");

    /// <summary>The Redis address; skips the test when it is not set, or fails it when services are <see cref="Required"/>.</summary>
    public static string RedisAddress() =>
        Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } address
            ? address
            : Unavailable($"{RedisVariable} is not set", "scripts/test.sh starts redis-server and sets it");

    /// <summary>
    /// The redis-server executable, for tests that run a server of their own (to pause or kill it); skips the test
    /// when there is none, or fails it when services are <see cref="Required"/>.
    /// </summary>
    public static string RedisServerPath() => OnPath("redis-server", "apt-get install -y redis-server (scripts/test.sh does)");

    /// <summary>
    /// The redis-cli executable, which creates the tests' Redis Cluster (<c>redis-cli --cluster create</c>); skips the
    /// test when there is none, or fails it when services are <see cref="Required"/>.
    /// </summary>
    public static string RedisCliPath() => OnPath("redis-cli", "apt-get install -y redis-tools (scripts/test.sh does)");

    /// <summary>The Chromium executable; skips the test when there is none, or fails it when services are <see cref="Required"/>.</summary>
    public static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } given ? given : DefaultChromium;
        return File.Exists(path)
            ? path
            : Unavailable($"no Chromium at {path}", $"apt-get install -y chromium fonts-dejavu-core, or set {ChromiumVariable} to the browser's path");
    }

    private static string OnPath(string name, string fix)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return Unavailable($"no {name} on the PATH", fix);
    }

    [DoesNotReturn]
    private static string Unavailable(string what, string fix)
    {
        if (Required)
        {
            throw new InvalidOperationException($"{what}, and {RequireVariable} (or CI) requires every test to run: {fix}.");
        }

        Skip.If(true, $"{what} ({fix}; with {RequireVariable}=1 this test fails instead).");
        throw new UnreachableException();
    }

    private static bool IsSet(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { } value
        && (value == "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));
}
