using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Randomness;

namespace Recommender.Simulation;

/// <summary>
/// Lives one user's life from signup to the end of the period, in time order: organic product activity
/// day by day in the user's local time, decision points (daily campaigns and triggers) answered by a policy,
/// and the outcomes each send or control decision draws from <see cref="ResponseModel"/>.
/// </summary>
/// <remarks>
/// While a message's goal window is open, the organic occurrences of its goal event are muted and the
/// window's outcome is the one drawn at decision time. That is what makes <see cref="ResponseModel"/> the
/// exact truth rather than an approximation, however the user's state moves inside the window.
/// </remarks>
public sealed class UserSimulator
{
    private readonly WorldOptions _options;
    private readonly MessageCatalog _catalog;
    private readonly Func<DeterministicRandom, ISendPolicy> _policyFactory;

    public UserSimulator(WorldOptions options, MessageCatalog catalog, Func<DeterministicRandom, ISendPolicy> policyFactory)
    {
        options.Validate();
        _options = options;
        _catalog = catalog;
        _policyFactory = policyFactory;
    }

    /// <summary>A simulator whose decisions come from the world's own logging policy (historical logs).</summary>
    public static UserSimulator WithLoggingPolicy(WorldOptions options, MessageCatalog catalog) =>
        new(options, catalog, rng => new LoggingPolicy(options, rng));

    /// <summary>The logging policy's simulator, recording the world's true probabilities of each decision in <paramref name="oracle"/>.</summary>
    public static UserSimulator WithLoggingPolicy(WorldOptions options, MessageCatalog catalog, OracleLog oracle)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        return new(options, catalog, rng => oracle.Wrap(new LoggingPolicy(options, rng)));
    }

    /// <summary>All events of user <paramref name="index"/>, in time order. Depends only on the options, catalog and index.</summary>
    internal WorldOptions Options => _options;

    internal MessageCatalog Catalog => _catalog;

    internal Func<DeterministicRandom, ISendPolicy> PolicyFactory => _policyFactory;

    public IReadOnlyList<UserEvent> Run(int index) => Run(Population.Draw(_options, index));

    public IReadOnlyList<UserEvent> Run(SimulatedUser user)
    {
        var life = new UserLife(this, user);
        life.Live();
        return life.Events;
    }
}
