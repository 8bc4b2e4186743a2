using Recommender.Data.Events;

namespace Recommender.Data.Tests.Events;

public sealed class EventIdSetTests
{
    [Fact]
    public void Add_ManyIdsThenAgain_NewOnceThenSeen()
    {
        var set = new EventIdSet();
        var ids = Enumerable.Range(0, 50_000).Select(i => $"evt-{i}").ToList();

        var firstPass = ids.Select(set.Add).ToList();
        var secondPass = ids.Select(set.Add).ToList();

        Assert.All(firstPass, Assert.True);
        Assert.All(secondPass, Assert.False);
        Assert.Equal(50_000, set.Count);
    }

    [Theory]
    [InlineData("a", "A")]
    [InlineData("", " ")]
    [InlineData("e1", "e1 ")]
    [InlineData("événement", "evenement")]
    public void Add_IdsDifferingSlightly_AreDistinct(string first, string second)
    {
        var set = new EventIdSet();

        Assert.True(set.Add(first));
        Assert.True(set.Add(second));
        Assert.False(set.Add(first));
        Assert.Equal(2, set.Count);
    }
}
