using System.Runtime.CompilerServices;
using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Timing;

/// <summary>
/// A message on each of its offered channels, its own channel first: the definitions the hard rules check, so that a
/// channel cap or a request for one channel applies to the variant that would go out. Built once per message.
/// </summary>
public static class ChannelVariants
{
    private static readonly ConditionalWeakTable<MessageDefinition, MessageDefinition[]> Cache = new();

    public static MessageDefinition[] Of(MessageDefinition message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Cache.GetValue(message, Build);
    }

    private static MessageDefinition[] Build(MessageDefinition message)
    {
        var variants = new List<MessageDefinition> { message };
        foreach (var channel in message.Channels ?? [])
        {
            if (channel != message.Channel && variants.TrueForAll(v => v.Channel != channel))
            {
                variants.Add(message with { Channel = channel });
            }
        }

        return [.. variants];
    }
}
