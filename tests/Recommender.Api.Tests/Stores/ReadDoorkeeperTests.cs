using Recommender.Api.Stores;

namespace Recommender.Api.Tests.Stores;

/// <summary>The doorkeeper decides only when a user enters the snapshot cache; its errors are pinned here.</summary>
public sealed class ReadDoorkeeperTests
{
    [Fact]
    public void AUser_IsSeenBefore_OnlyFromTheSecondRead()
    {
        var doorkeeper = new ReadDoorkeeper(100);

        Assert.False(doorkeeper.SeenBefore("u1"));
        Assert.True(doorkeeper.SeenBefore("u1"));
        Assert.True(doorkeeper.SeenBefore("u1"));
        Assert.False(doorkeeper.SeenBefore("u2"));
    }

    [Fact]
    public void AfterAWindowOfFirstSightings_ItStartsOver()
    {
        var doorkeeper = new ReadDoorkeeper(100);
        Assert.False(doorkeeper.SeenBefore("early"));
        for (var i = 0; i < 99; i++)
        {
            doorkeeper.SeenBefore($"u{i}");
        }

        Assert.False(doorkeeper.SeenBefore("early"));
    }

    /// <summary>False "seen" answers admit users a read early: at a full window they stay under one in a hundred.</summary>
    [Fact]
    public void DistinctUsers_AreRarelyTakenForSeen()
    {
        var doorkeeper = new ReadDoorkeeper(100_000);
        var falselySeen = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            if (doorkeeper.SeenBefore($"user-{i:D7}"))
            {
                falselySeen++;
            }
        }

        Assert.True(falselySeen < 10_000, $"{falselySeen} of 1,000,000 distinct users were taken for seen");
    }
}
