using Recommender.Core.Events;
using Recommender.Data.Events;

namespace Recommender.Data.Tests.Events;

/// <summary>Writes events with the product's writer and reads a whole table back into a list.</summary>
internal static class EventFiles
{
    public static async Task WriteAsync(string path, params UserEvent[] events)
    {
        await using var writer = await EventParquetWriter.CreateAsync(path);
        await writer.WriteAsync(events);
    }

    public static async Task<List<UserEvent>> ReadAllAsync(string path, EventReadOptions? options = null)
    {
        var events = new List<UserEvent>();
        await foreach (var batch in EventParquetReader.ReadAsync(path, options))
        {
            events.AddRange(batch.Events);
        }

        return events;
    }
}
