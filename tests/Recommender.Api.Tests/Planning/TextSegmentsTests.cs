using System.Text;
using Recommender.Api.Planning;

namespace Recommender.Api.Tests.Planning;

/// <summary>
/// The plan file's decision texts are decoded into segments kept from chunk to chunk: each text comes back whole and
/// unchanged, and a chunk no longer than one before it needs no new memory, however many chunks a plan has.
/// </summary>
public sealed class TextSegmentsTests
{
    [Fact]
    public void EachText_ComesBackAsItsUtf8Decoding_AcrossSegmentEnds()
    {
        var segments = new TextSegments();
        var texts = Texts(seed: 1, count: 3_000, length: 900).ToList();

        var decoded = texts.Select(t => segments.Decode(Encoding.UTF8.GetBytes(t))).ToList();

        Assert.Equal(texts, decoded.Select(d => d.ToString()));
        Assert.True(segments.Capacity > TextSegments.SegmentChars, "the texts should have needed more than one segment");
    }

    [Fact]
    public void ChunksNoLongerThanTheLongestBefore_AddNoSegment_AndALongerOneOnlyWhatItNeeds()
    {
        var segments = new TextSegments();
        Chunk(segments, Texts(seed: 2, count: 4_000, length: 1_000));
        var capacity = segments.Capacity;

        for (var chunk = 0; chunk < 20; chunk++)
        {
            Chunk(segments, Texts(seed: 3 + chunk, count: 4_000 - (chunk * 10), length: 1_000));
            Assert.Equal(capacity, segments.Capacity);
        }

        Chunk(segments, Texts(seed: 50, count: 5_000, length: 1_000));
        Assert.InRange(segments.Capacity - capacity, 1, 2L * TextSegments.SegmentChars);
    }

    [Fact]
    public void ATextLongerThanASegment_IsDecodedWhole_AndNotKept()
    {
        var segments = new TextSegments();
        var text = new string('é', TextSegments.SegmentChars + 10);

        var decoded = segments.Decode(Encoding.UTF8.GetBytes(text));

        Assert.Equal(text, decoded.ToString());
        Assert.Equal(0, segments.Capacity);
    }

    private static void Chunk(TextSegments segments, IEnumerable<string> texts)
    {
        segments.Reset();
        foreach (var text in texts)
        {
            segments.Decode(Encoding.UTF8.GetBytes(text));
        }
    }

    /// <summary>Texts of about <paramref name="length"/> characters, some of them outside ASCII (two or three UTF-8 bytes).</summary>
    private static IEnumerable<string> Texts(int seed, int count, int length)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var n = length - 50 + random.Next(100);
            yield return string.Create(n, random.Next(), (chars, s) =>
            {
                var r = new Random(s);
                for (var c = 0; c < chars.Length; c++)
                {
                    chars[c] = r.Next(20) == 0 ? 'ü' : (char)('a' + r.Next(26));
                }
            });
        }
    }
}
