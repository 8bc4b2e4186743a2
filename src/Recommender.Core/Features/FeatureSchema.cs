using System.Security.Cryptography;
using System.Text;
using Recommender.Core.Catalog;

namespace Recommender.Core.Features;

/// <summary>
/// The ordered feature names a model is trained on, and what they are built from: the catalog (messages,
/// categories, channels, goal events) and <see cref="FeatureSchemaOptions"/> (frequent event types, profile
/// vocabularies). The names carry the vocabularies (<c>profile.plan=pro</c>), so <see cref="Hash"/>, a SHA-256
/// over the version and the names, changes whenever a model and a server would disagree about a column.
/// </summary>
public sealed class FeatureSchema
{
    /// <summary>Bump when a feature's meaning changes without its name changing: the hash then changes too.</summary>
    public const string Version = "recommender-features/1";

    /// <summary>Windows of the windowed counts, with their name suffixes.</summary>
    internal static readonly (string Suffix, long Ticks)[] Windows =
    [
        ("1d", TimeSpan.TicksPerDay), ("7d", 7 * TimeSpan.TicksPerDay), ("30d", 30 * TimeSpan.TicksPerDay),
    ];

    private readonly Dictionary<string, int> _index;

    private FeatureSchema(MessageCatalog catalog, FeatureSchemaOptions options)
    {
        Options = options;
        BehaviourTypes = catalog.Messages.Select(m => m.GoalEvent)
            .Concat(options.EventTypes)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        Channels = catalog.Messages.Select(m => m.Channel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Messages = catalog.Messages.ToArray();
        MessageSlots = new Dictionary<string, MessageSlot>(StringComparer.Ordinal);
        for (var i = 0; i < Messages.Count; i++)
        {
            var m = Messages[i];
            if (!MessageSlots.TryAdd(m.Id, new MessageSlot(i, (int)m.Category, ChannelIndex(m.Channel))))
            {
                throw new ArgumentException($"The catalog lists message '{m.Id}' twice; message ids must be unique.", nameof(catalog));
            }
        }

        // Message attributes: every name the catalog uses, and for a text attribute every value (the catalog is small
        // and known whole, so no value needs an "(other)" it could have named).
        var features = catalog.Messages.SelectMany(m => m.Features ?? new Dictionary<string, MessageFeatureValue>()).ToList();
        MessageNumeric = features.Where(f => f.Value.Number is not null).Select(f => f.Key)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        MessageCategorical = features.Where(f => f.Value.Text is not null).GroupBy(f => f.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(f => f.Value.Text!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()))
            .ToArray();

        // Arrays for the extractor: a foreach over an interface list allocates an enumerator on every call.
        TypeArray = [.. BehaviourTypes];
        ChannelArray = [.. Channels];
        PlanArray = [.. options.Plans];
        NumericArray = [.. options.NumericColumns];
        CategoricalArray = options.CategoricalColumns.Select(c => (c.Column, c.Values.ToArray())).ToArray();

        Names = FeatureNames.Build(this);
        _index = new Dictionary<string, int>(Names.Count, StringComparer.Ordinal);
        for (var i = 0; i < Names.Count; i++)
        {
            if (!_index.TryAdd(Names[i], i))
            {
                throw new ArgumentException(
                    $"Two features would both be named '{Names[i]}'; check the event types and profile columns for duplicates.",
                    nameof(options));
            }
        }

        Hash = ComputeHash(Names);

        // The message's own block ends the vector; the opt-out of the message's category is the one other feature
        // that depends on the message (see FeatureExtractor.ExtractMessage, which writes them in this order).
        MessageBlockStart = Messages.Count > 0 ? _index[$"msg.id={Messages[0].Id}"] : _index[$"msg.category={CategoryNames.All[0]}"];
        OptOutOfMessageCategory = _index["optout.message_category"];
        MessageFeatureIndexArray = [OptOutOfMessageCategory, .. Enumerable.Range(MessageBlockStart, Names.Count - MessageBlockStart)];
    }

    /// <summary>
    /// Positions of the features that depend on the message, ascending: every other feature is the same for all
    /// candidates of one user at one instant. Lets serving compute the user's part once per decision
    /// (<see cref="FeatureExtractor.ExtractUser"/>) and only these per candidate (<see cref="FeatureExtractor.ExtractMessage"/>).
    /// </summary>
    public IReadOnlyList<int> MessageFeatureIndices => MessageFeatureIndexArray;

    internal int[] MessageFeatureIndexArray { get; }

    internal int MessageBlockStart { get; }

    internal int OptOutOfMessageCategory { get; }

    /// <summary>Feature names in vector order.</summary>
    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>Lower-case hex SHA-256 of <see cref="Version"/> and the names, one per line.</summary>
    public string Hash { get; }

    public FeatureSchemaOptions Options { get; }

    /// <summary>Catalog goal events, then the configured frequent types, without repeats.</summary>
    public IReadOnlyList<string> BehaviourTypes { get; }

    /// <summary>The catalog's channels, sorted.</summary>
    public IReadOnlyList<string> Channels { get; }

    internal IReadOnlyList<MessageDefinition> Messages { get; }

    internal int MessageCount => MessageSlots.Count;

    internal string[] TypeArray { get; }

    internal string[] ChannelArray { get; }

    internal string[] PlanArray { get; }

    internal string[] NumericArray { get; }

    internal (string Column, string[] Values)[] CategoricalArray { get; }

    internal Dictionary<string, MessageSlot> MessageSlots { get; }

    /// <summary>Numeric message attributes of the catalog's <c>features</c>, sorted.</summary>
    internal string[] MessageNumeric { get; }

    /// <summary>Text message attributes of the catalog's <c>features</c> and their values, sorted.</summary>
    internal (string Column, string[] Values)[] MessageCategorical { get; }

    public static FeatureSchema Create(MessageCatalog catalog, FeatureSchemaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new FeatureSchema(catalog, options);
    }

    /// <summary>Position of <paramref name="name"/> in the vector, or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _index.TryGetValue(name, out var i) ? i : -1;
    }

    internal int ChannelIndex(string channel)
    {
        for (var i = 0; i < Channels.Count; i++)
        {
            if (string.Equals(Channels[i], channel, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string ComputeHash(IReadOnlyList<string> names)
    {
        var text = new StringBuilder(Version).Append('\n');
        foreach (var name in names)
        {
            text.Append(name).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>Where a catalog message sits in the schema's one-hots.</summary>
internal readonly record struct MessageSlot(int Index, int Category, int Channel);
