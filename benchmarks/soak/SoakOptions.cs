using System.Globalization;

namespace Recommender.Soak;

/// <summary>What the soak runs: <c>--minutes 10 --interval 30 --workers 8 --out soak.json</c>.</summary>
/// <param name="StoreTimeout">The server's Store:Timeout, or null for its default (250 ms).</param>
public sealed record SoakOptions(TimeSpan Duration, TimeSpan Interval, int Workers, string? Out, string Repository, string? StoreTimeout)
{
    public static SoakOptions Parse(string[] args)
    {
        var duration = TimeSpan.FromMinutes(10);
        var interval = TimeSpan.FromSeconds(30);
        var workers = 8;
        string? output = null;
        string? repository = null;
        string? storeTimeout = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--minutes": duration = TimeSpan.FromMinutes(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--seconds": duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--interval": interval = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--workers": workers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--out": output = value; break;
                case "--repository": repository = value; break;
                case "--store-timeout": storeTimeout = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --minutes, --seconds, --interval, --workers, --out, --repository, --store-timeout.");
            }
        }

        return new SoakOptions(duration, interval, workers, output, repository ?? FindRepository(), storeTimeout);
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository, or give --repository.");
    }
}
