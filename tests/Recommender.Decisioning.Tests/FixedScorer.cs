using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Core.Randomness;

namespace Recommender.Decisioning.Tests;

/// <summary>Probabilities set per message id by the test, or drawn from a hash of (user, message) when not set.</summary>
internal sealed class FixedScorer(bool estimatesNoSend = true) : ICandidateScorer
{
    public Dictionary<string, CandidateProbabilities> ByMessage { get; } = new(StringComparer.Ordinal);

    public string? Version => "fixed-1";

    public bool EstimatesNoSend => estimatesNoSend;

    public CandidateProbabilities Score(UserState state, UserProfile? profile, MessageDefinition message, DateTime asOf)
    {
        if (ByMessage.TryGetValue(message.Id, out var p))
        {
            return p;
        }

        var rng = DeterministicRandom.For(StableHash.Of(profile?.UserId ?? ""), message.Id);
        var send = rng.NextDouble() * 0.5;
        return new CandidateProbabilities(send, send * rng.NextDouble(), rng.NextDouble() * 0.05);
    }
}
