using Recommender.Core.Features;
using Recommender.Core.Tests.Support;

namespace Recommender.Core.Tests.Features;

public sealed class FeatureExtractorAllocationTests
{
    /// <remarks>
    /// A user with dated profile values (profile_updated events) costs one profile as it stood at the instant; every
    /// other user costs nothing, which is what this holds.
    /// </remarks>
    [Fact]
    public void Extracting_into_a_span_allocates_nothing()
    {
        var log = RandomLog.Generate(seed: 5, maxEvents: 400);
        var state = ParityTests.Build(log.Events.Where(e => e.EventType != Recommender.Core.Events.EventTypes.ProfileUpdated));
        var catalog = TestCatalog.Create();
        var extractor = new FeatureExtractor(TestCatalog.Schema());
        var destination = new float[extractor.Schema.Count];
        foreach (var message in catalog.Messages)
        {
            extractor.Extract(state, log.Profile, message, log.End, destination);
        }

        var messages = Enumerable.Repeat(catalog.Messages, 40).SelectMany(m => m).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var message in messages)
        {
            extractor.Extract(state, log.Profile, message, log.End, destination);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
