using BenchmarkDotNet.Attributes;
using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Decisioning;
using Recommender.Decisioning.Rules;
using Recommender.Decisioning.Timing;
using Recommender.Models;
using Recommender.Simulation;
using Recommender.Training;
using Recommender.Training.Bundles;

namespace Recommender.Benchmarks.Decisioning;

/// <summary>
/// In-process decisions per second with 20 candidates and the compiled model bundle: per decision, the hard rules,
/// then for every surviving candidate the feature extraction and three compiled-forest scores (send, no send,
/// unsubscribe). <see cref="AllTwentyScored"/> lifts every rule but opt-outs so (nearly) all 20 candidates are scored;
/// <see cref="DefaultPolicy"/> keeps the sample policy, where rules remove part of them first.
/// The bundle is trained in the set-up on a seeded world whose catalog has 20 messages.
/// The <c>LookAhead</c> cases decide when and on which channel too: a 24-slot look-ahead (hourly) with every message
/// offered on 3 channels, so that each decision checks the rules at 24 × 3 (instant, channel) pairs per candidate.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private const int Users = 1_000;

    private DecisionEngine _engine = null!;
    private FeatureExtractor _extractor = null!;
    private MessageCatalog _permissive = null!;
    private MessageCatalog _default = null!;
    private MessageCatalog _permissiveChannels = null!;
    private MessageCatalog _defaultChannels = null!;
    private UserState[] _states = null!;
    private SimulatedUser[] _users = null!;
    private DateTime _asOf;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = TwentyMessages(SyntheticCatalog.Create());
        // Enough users for a fatigue model that ranks held-out users; the first 1,000 are the ones decided for.
        var options = new WorldOptions { Users = 3 * Users, Days = 60, Seed = 11 };
        var root = Directory.CreateTempSubdirectory("decision-bench-").FullName;
        var data = Path.Combine(root, "data");
        var bundleDir = Path.Combine(root, "bundle");
        DataSetWriter.WriteAsync(new WorldGenerator(options, catalog), data).GetAwaiter().GetResult();
        new TrainingJob(new TrainingOptions()).RunAsync(data, bundleDir).GetAwaiter().GetResult();

        var manifest = ModelBundle.ReadManifest(bundleDir);
        var schema = FeatureSchema.Create(catalog, manifest.FeatureSchemaOptions);
        _engine = new DecisionEngine(new ModelCandidateScorer(ModelBundle.Load(bundleDir, schema), schema), explorationSeed: 1);
        _extractor = new FeatureExtractor(schema);
        _default = catalog;
        _permissive = Permissive(catalog);
        _defaultChannels = ThreeChannels(_default);
        _permissiveChannels = ThreeChannels(_permissive);

        _users = new SimulatedUser[Users];
        _states = new UserState[Users];
        foreach (var block in new WorldGenerator(options, catalog).Generate())
        {
            for (var i = 0; i < block.Users.Count && block.Users[i].Index < Users; i++)
            {
                var user = block.Users[i];
                var state = new UserState();
                foreach (var e in block.Events[i])
                {
                    state.Apply(e);
                }

                _users[user.Index] = user;
                _states[user.Index] = state;
            }
        }

        _asOf = options.End;
        Console.WriteLine($"// candidates scored per decision: all-twenty {ScoredPerDecision(_permissive):F1}, default policy {ScoredPerDecision(_default):F1}");
    }

    [Benchmark(OperationsPerInvoke = Users)]
    public int AllTwentyScored() => DecideAll(_permissive);

    [Benchmark(OperationsPerInvoke = Users)]
    public int DefaultPolicy() => DecideAll(_default);

    [Benchmark(OperationsPerInvoke = Users)]
    public int AllTwentyScoredLookAhead() => DecideAll(_permissiveChannels, Day);

    [Benchmark(OperationsPerInvoke = Users)]
    public int DefaultPolicyLookAhead() => DecideAll(_defaultChannels, Day);

    /// <summary>The part of <see cref="AllTwentyScored"/> spent in the hard rules: the rule context and 20 × 18 checks.</summary>
    [Benchmark(OperationsPerInvoke = Users)]
    public int RulesOnly()
    {
        var eligible = 0;
        for (var i = 0; i < Users; i++)
        {
            var context = new RuleContext(_states[i], _users[i].Profile, _permissive, _asOf);
            foreach (var m in _permissive.Messages)
            {
                eligible += HardRules.Check(context, m) is null ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>The part of <see cref="ScoringOnly"/> spent on features: the user's once, each candidate's own.</summary>
    [Benchmark(OperationsPerInvoke = Users)]
    public float FeaturesOnly()
    {
        var messages = _permissive.Messages;
        Span<float> user = stackalloc float[_extractor.Schema.Count];
        Span<float> own = stackalloc float[_extractor.Schema.MessageFeatureIndices.Count];
        var total = 0f;
        for (var i = 0; i < Users; i++)
        {
            _extractor.ExtractUser(_states[i], _users[i].Profile, _asOf, user);
            foreach (var m in messages)
            {
                _extractor.ExtractMessage(_states[i], m, _asOf, own);
                total += own[0];
            }
        }

        return total + user[0];
    }

    /// <summary>The part of <see cref="AllTwentyScored"/> spent scoring: features and the three forests for all 20 candidates.</summary>
    [Benchmark(OperationsPerInvoke = Users)]
    public double ScoringOnly()
    {
        var messages = _permissive.Messages.ToArray();
        Span<CandidateProbabilities> results = stackalloc CandidateProbabilities[messages.Length];
        var total = 0.0;
        for (var i = 0; i < Users; i++)
        {
            _engine.Scorer.ScoreAll(_states[i], _users[i].Profile, messages, _asOf, results);
            total += results[0].PGoalSend;
        }

        return total;
    }

    private static readonly SendTimeOptions Day = new();

    private int DecideAll(MessageCatalog catalog, SendTimeOptions? sendTime = null)
    {
        var sent = 0;
        for (var i = 0; i < Users; i++)
        {
            sent += _engine.Decide(Request(catalog, i) with { SendTime = sendTime }).MessageId is null ? 0 : 1;
        }

        return sent;
    }

    private double ScoredPerDecision(MessageCatalog catalog) =>
        Enumerable.Range(0, Users).Average(i => _engine.Decide(Request(catalog, i)).Scores.Count);

    private DecisionRequest Request(MessageCatalog catalog, int i) => new()
    {
        DecisionId = $"bench-{i}",
        UserId = _users[i].Profile.UserId,
        State = _states[i],
        Profile = _users[i].Profile,
        Catalog = catalog,
        AsOf = _asOf,
    };

    /// <summary>The sample's 12 messages plus 8 variants of the untriggered ones, each with its own id.</summary>
    private static MessageCatalog TwentyMessages(MessageCatalog sample) => sample with
    {
        Messages = [.. sample.Messages, .. sample.Messages.Where(m => m.Trigger is null).Take(8).Select(m => m with { Id = m.Id + "_v2" })],
    };

    /// <summary>Every message offered on e-mail, push and in-app (its own channel among them).</summary>
    private static MessageCatalog ThreeChannels(MessageCatalog catalog) => catalog with
    {
        Messages = [.. catalog.Messages.Select(m => m with { Channels = [m.Channel, .. new[] { "email", "push", "in_app" }.Where(c => c != m.Channel).Take(2)] })],
    };

    /// <summary>Same messages and ids (so the same features), with every rule that could remove one lifted.</summary>
    private static MessageCatalog Permissive(MessageCatalog catalog) => catalog with
    {
        Messages = [.. catalog.Messages.Select(m => m with
        {
            Eligibility = new Eligibility(), Trigger = null, MaxSends = null, CooldownHours = 0, RepeatableGoal = true,
        })],
        Policy = catalog.Policy with
        {
            Overall = new FrequencyCap(),
            ChannelCaps = new Dictionary<string, FrequencyCap>(),
            CategoryCaps = new Dictionary<MessageCategory, FrequencyCap>(),
            MinGapHours = 0,
            QuietHours = null,
            Support = new SupportSuppression { SuppressOnOpenTicket = false, MaxTicketsIn30Days = null },
        },
    };
}
