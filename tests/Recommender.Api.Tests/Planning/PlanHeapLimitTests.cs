using Recommender.Api.Planning;

namespace Recommender.Api.Tests.Planning;

/// <summary>
/// The heap limit a plan runs under: <c>Plan:MaxHeapMiB</c> when given (0: none, anything else not a number of MiB
/// refused), else what is in use plus an allowance per chunk user and per byte of the audience file. Only computed
/// here: applying it would bound the test host's own heap.
/// </summary>
public sealed class PlanHeapLimitTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("256", 256L << 20)]
    [InlineData("4096", 4096L << 20)]
    public void AConfiguredLimit_IsThatManyMiB(string configured, long expected) =>
        Assert.Equal(expected, PlanHeapLimit.Compute(configured, 4_096, null));

    [Fact]
    public void Zero_SetsNoLimit() => Assert.Null(PlanHeapLimit.Compute("0", 4_096, null));

    [Theory]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("lots")]
    [InlineData("99999999999999")]
    public void AnythingElse_IsRefused_NamingTheKey(string configured)
    {
        var e = Assert.Throws<PlanInputException>(() => PlanHeapLimit.Compute(configured, 4_096, null));
        Assert.Contains(PlanHeapLimit.Key, e.Message, StringComparison.Ordinal);
        Assert.Contains(configured, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefault_AllowsEachChunkUser_AndEachByteOfTheAudienceFile_AboveWhatIsInUse()
    {
        Assert.Equal((100L << 20) + (4_096 * (48L << 10)), PlanHeapLimit.Default(100L << 20, 4_096, 0));
        Assert.Equal((100L << 20) + (1_000 * (48L << 10)) + (8 * 1_000_000), PlanHeapLimit.Default(100L << 20, 1_000, 1_000_000));
    }

    [Fact]
    public void WithoutAConfiguredLimit_TheDefaultCountsTheAudienceFile()
    {
        var users = _folder.File("users.txt");
        File.WriteAllLines(users, Enumerable.Range(0, 100_000).Select(i => $"user-{i:D6}"));

        var limit = PlanHeapLimit.Compute(null, 4_096, users)!.Value;

        Assert.True(limit >= PlanHeapLimit.Default(0, 4_096, new FileInfo(users).Length), $"{limit} bytes");
    }

    /// <summary>Running out under the limit is turned into a refusal naming it, wherever the error was thrown (a deciding thread wraps it).</summary>
    [Fact]
    public void OutOfMemory_IsRecognised_AloneOrWrappedByALoopOrATask()
    {
        Assert.True(PlanJob.IsOutOfMemory(new OutOfMemoryException()));
        Assert.True(PlanJob.IsOutOfMemory(new AggregateException(new InvalidOperationException(), new AggregateException(new OutOfMemoryException()))));
        Assert.True(PlanJob.IsOutOfMemory(new InvalidOperationException("writer failed", new OutOfMemoryException())));
        Assert.False(PlanJob.IsOutOfMemory(new AggregateException(new IOException("disk full"))));
        Assert.False(PlanJob.IsOutOfMemory(new InsufficientExecutionStackException()));
    }
}
