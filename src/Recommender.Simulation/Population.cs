using Recommender.Core.Profiles;
using Recommender.Core.Randomness;

namespace Recommender.Simulation;

/// <summary>
/// Draws users: company size, plan, country with a matching IANA timezone, industry, acquisition channel,
/// signup instant, and the hidden traits. User <c>i</c> depends only on the seed and <c>i</c>, so users can
/// be drawn in parallel and in any order with the same result.
/// </summary>
public static class Population
{
    private static readonly (string Country, string[] Zones, double Weight)[] Countries =
    [
        ("US", ["America/New_York", "America/Chicago", "America/Los_Angeles"], 0.34),
        ("GB", ["Europe/London"], 0.12),
        ("DE", ["Europe/Berlin"], 0.12),
        ("FR", ["Europe/Paris"], 0.08),
        ("IN", ["Asia/Kolkata"], 0.12),
        ("BR", ["America/Sao_Paulo"], 0.08),
        ("JP", ["Asia/Tokyo"], 0.07),
        ("AU", ["Australia/Sydney"], 0.07),
    ];

    private static readonly string[] Industries = ["software", "agency", "education", "retail", "healthcare", "finance"];
    private static readonly double[] IndustryWeights = [0.3, 0.2, 0.15, 0.15, 0.1, 0.1];
    private static readonly string[] Acquisition = ["organic", "paid_search", "referral", "partner"];
    private static readonly double[] AcquisitionWeights = [0.4, 0.3, 0.2, 0.1];

    /// <summary>Mixed into the seed for the arrival traits' stream.</summary>
    private const ulong ArrivalStream = 0xA7_71_0E_5C_4A_11UL;

    public static string UserId(int index) => $"u{index:D6}";

    public static SimulatedUser Draw(WorldOptions options, int index)
    {
        var rng = DeterministicRandom.For(options.Seed, (ulong)index * 2 + 1);

        var companySize = Math.Clamp((int)Math.Round(Math.Exp(1.6 + 1.5 * rng.Normal())), 1, 5_000);
        var plan = companySize >= 250 && rng.Bernoulli(0.6) ? "business"
            : rng.Bernoulli(companySize >= 20 ? 0.45 : 0.25) ? "pro"
            : "free";

        Span<double> countryWeights = stackalloc double[Countries.Length];
        for (var i = 0; i < Countries.Length; i++)
        {
            countryWeights[i] = Countries[i].Weight;
        }

        var country = Countries[rng.Choose(countryWeights)];
        var timezone = country.Zones[rng.NextInt(country.Zones.Length)];
        var industry = Industries[rng.Choose(IndustryWeights)];
        var acquisition = Acquisition[rng.Choose(AcquisitionWeights)];

        var signupSpanSeconds = (options.Days - options.SignupTailDays) * 86_400.0;
        var signupAt = options.Start.AddSeconds(Math.Floor(rng.NextDouble() * signupSpanSeconds));

        // Referral users are more engaged; partners less. Bigger teams use the product more.
        var activityLogit = -0.1 + 0.8 * rng.Normal()
            + (acquisition == "referral" ? 0.5 : acquisition == "partner" ? -0.3 : 0)
            + 0.15 * Math.Log10(companySize);
        var traits = new UserTraits(
            Activity: 0.15 + 0.8 * Sigmoid(activityLogit),
            Responsiveness: Math.Exp(0.45 * rng.Normal() - 0.1),
            FatigueSensitivity: Math.Exp(Math.Log(0.35) + 0.5 * rng.Normal()),
            UnsubscribeLogit: 0.5 * rng.Normal() + (acquisition == "paid_search" ? 0.3 : 0),
            OpenLogit: 0.6 * rng.Normal(),
            LifecycleDays: 15 + 40 * rng.NextDouble())
        {
            // A stream of its own: the draws above (and so every existing seed's profiles and traits) are unchanged.
            Arrival = ArrivalTraits.Draw(DeterministicRandom.For(options.Seed ^ ArrivalStream, (ulong)index)),
        };

        var profile = new UserProfile(UserId(index), signupAt, country.Country, timezone, companySize, plan)
        {
            Numeric = new Dictionary<string, double> { ["seats_purchased"] = plan == "free" ? 0 : Math.Max(1, Math.Round(companySize * 0.6)) },
            Categorical = new Dictionary<string, string> { ["industry"] = industry, ["acquisition_channel"] = acquisition },
        };
        return new SimulatedUser(index, profile, traits);
    }

    internal static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
