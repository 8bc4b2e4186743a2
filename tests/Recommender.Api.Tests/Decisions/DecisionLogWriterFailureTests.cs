using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recommender.Api.Decisions;
using Recommender.Api.Decisions.Log;
using Recommender.Api.Infrastructure;
using Recommender.Decisioning;

namespace Recommender.Api.Tests.Decisions;

/// <summary>
/// A decision log writer that has failed says why and closes its queue: callers are no longer made to wait on a queue
/// that nothing will drain (a million-user plan waited for ever on the full queue of a writer that had run out of memory).
/// </summary>
public sealed class DecisionLogWriterFailureTests
{
    [Fact]
    public async Task AWriterThatFailed_SaysWhy_AndAppendsNoLongerWait_EvenBeyondTheQueuesCapacity()
    {
        using var folder = new TempFolder();
        // A file where the log's folder should be: the writer cannot create the folder.
        var notAFolder = folder.File("decision-log");
        await File.WriteAllTextAsync(notAFolder, "in the way");
        using var writer = new DecisionLogWriter(
            Options.Create(new DecisionLogOptions { Folder = notAFolder, QueueCapacity = 2 }),
            TimeProvider.System, new ApiMetrics(), NullLogger<DecisionLogWriter>.Instance);

        await writer.StartAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<IOException>(() => writer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.IsAssignableFrom<IOException>(writer.Failure);
        for (var i = 0; i < 10; i++)
        {
            await writer.AppendAsync(DecisionDocument.Write(Decision(i)), null, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static Decision Decision(int i) => new()
    {
        DecisionId = $"d{i}",
        UserId = $"u{i}",
        AsOf = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc),
        Reason = DecisionReasons.NoEligibleCandidate,
        Propensity = 1,
        Distribution = new Dictionary<string, double> { [Recommender.Decisioning.Decision.NoSendAction] = 1 },
        Scores = [],
        Suppressed = [],
    };
}
