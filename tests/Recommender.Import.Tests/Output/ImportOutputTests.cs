using Recommender.Core.Events;
using Recommender.Import.Output;
using Recommender.Import.Tests.Support;

namespace Recommender.Import.Tests.Output;

/// <summary>
/// The import's output once it is complete: the events file is closed and the column buffers are let go, so an event
/// added after that has nowhere to go and must be refused by name rather than kept in a buffer nobody writes.
/// </summary>
public sealed class ImportOutputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "import-output-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task An_event_after_completion_is_refused_and_the_file_keeps_what_came_before()
    {
        var at = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        var output = await ImportOutput.CreateAsync(_dir);
        await using (output)
        {
            var file = output.BeginFile("calls.jsonl");
            Assert.True(output.AddEvent(new UserEvent("e1", "u1", at, EventTypes.MessageSent, "spring", null, null), file, 1));
            await output.CompleteAsync("test", ["calls.jsonl"]);

            var late = Assert.Throws<InvalidOperationException>(
                () => output.AddEvent(new UserEvent("e2", "u1", at.AddHours(1), EventTypes.MessageSent, "spring", null, null), file, 2));
            Assert.Contains("complete", late.Message, StringComparison.Ordinal);
        }

        var folder = await ImportedFolder.ReadAsync(_dir);
        Assert.Equal(["e1"], folder.Events.Select(e => e.EventId));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
