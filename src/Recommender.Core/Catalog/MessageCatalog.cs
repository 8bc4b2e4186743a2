using System.Runtime.CompilerServices;

namespace Recommender.Core.Catalog;

/// <summary>The candidate messages and the contact policy: the <c>catalog.json</c> of the data contract.</summary>
public sealed record MessageCatalog
{
    // Find is on the decision's hot path (once per recent send in the rule context); a scan of the messages with
    // string compares cost more than the rest of the rule context. The index hangs off the message list itself, not
    // a field of the record, so that record equality and `with` copies stay about the catalog's content.
    private static readonly ConditionalWeakTable<IReadOnlyList<MessageDefinition>, Dictionary<string, MessageDefinition>> Indexes = new();

    public required IReadOnlyList<MessageDefinition> Messages { get; init; }

    public ContactPolicy Policy { get; init; } = new();

    /// <summary>The message with this id (the first, should the list repeat an id), or null (also for a null id).</summary>
    /// <remarks>The message list must not change after the first lookup; catalogs are replaced, never edited.</remarks>
    public MessageDefinition? Find(string? messageId) =>
        messageId is null ? null : Indexes.GetValue(Messages, Index).GetValueOrDefault(messageId);

    private static Dictionary<string, MessageDefinition> Index(IReadOnlyList<MessageDefinition> messages)
    {
        var index = new Dictionary<string, MessageDefinition>(messages.Count, StringComparer.Ordinal);
        foreach (var message in messages)
        {
            index.TryAdd(message.Id, message);
        }

        return index;
    }
}
