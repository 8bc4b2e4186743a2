namespace Recommender.Core.Catalog;

/// <summary>The candidate messages and the contact policy: the <c>catalog.json</c> of the data contract.</summary>
public sealed record MessageCatalog
{
    public required IReadOnlyList<MessageDefinition> Messages { get; init; }

    public ContactPolicy Policy { get; init; } = new();

    /// <summary>The message with this id, or null.</summary>
    public MessageDefinition? Find(string messageId)
    {
        foreach (var message in Messages)
        {
            if (string.Equals(message.Id, messageId, StringComparison.Ordinal))
            {
                return message;
            }
        }

        return null;
    }
}
