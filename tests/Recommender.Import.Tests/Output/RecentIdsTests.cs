using System.Text;
using Recommender.Import.Output;

namespace Recommender.Import.Tests.Output;

/// <summary>
/// The duplicate window against the plainest model of it (a list of the last ids): the same answer for every id, through
/// many evictions, so the table's slot shifting never loses or invents an id. Prefetch hints for ids checked next, and
/// for ids never checked, are given on the way: they must change no answer (small windows wrap the eviction look-ahead).
/// </summary>
public sealed class RecentIdsTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(5, 7)]
    [InlineData(64, 7)]
    [InlineData(1_000, 11)]
    public void Answers_as_the_last_capacity_ids_would(int capacity, int seed)
    {
        var random = new Random(seed);
        var recent = new RecentIds(capacity);
        var window = new List<(string Id, long Where)>();
        for (var line = 0L; line < 30_000; line++)
        {
            // Ids drawn from a range a little wider than the window: some repeat inside it, some just after leaving it.
            var id = "id-" + random.Next(capacity * 2 + 3);
            if (random.Next(3) == 0)
            {
                recent.Prefetch(Encoding.UTF8.GetBytes(random.Next(2) == 0 ? id : "other-" + random.Next(100)));
            }

            var known = window.FindIndex(w => w.Id == id);
            var bytes = random.Next(2) == 0;
            var added = bytes ? recent.TryAdd(Encoding.UTF8.GetBytes(id), line, out var first) : recent.TryAdd(id, line, out first);
            Assert.Equal(known < 0, added);
            if (known >= 0)
            {
                Assert.Equal(window[known].Where, first);
                continue;
            }

            window.Add((id, line));
            if (window.Count > capacity)
            {
                window.RemoveAt(0);
            }
        }
    }

    [Fact]
    public void A_string_and_its_utf8_bytes_are_the_same_id()
    {
        var recent = new RecentIds(10);
        Assert.True(recent.TryAdd("ajs-é-1", 3, out _));
        Assert.False(recent.TryAdd(Encoding.UTF8.GetBytes("ajs-é-1"), 9, out var first));
        Assert.Equal(3, first);
        Assert.True(recent.TryAdd("ajs-e-1", 10, out _));
    }

    [Fact]
    public void A_window_beyond_the_table_limit_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ImportOptions { DuplicateWindow = RecentIds.MaxCapacity + 1 }.Validate());
        Assert.Equal(nameof(ImportOptions.DuplicateWindow), e.ParamName);
    }
}
