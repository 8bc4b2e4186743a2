using System.Buffers.Binary;
using System.IO.Hashing;

namespace Recommender.Scoring.Tests;

public sealed class ForestFormatTests(ModelFixture fixture) : IClassFixture<ModelFixture>
{
    [Fact]
    public void Save_then_Load_gives_identical_scores_and_identical_bytes()
    {
        var bytes = Save(fixture.Forest);

        var loaded = CompiledForest.Load(new MemoryStream(bytes));

        Assert.Equal(bytes, Save(loaded));
        var rows = OracleRows.Build(fixture.Trained.Model.SubModel.TrainedTreeEnsemble, fixture.Trained.FeatureCount, 2_000, seed: 21);
        Assert.All(rows, row => Assert.Equal(fixture.Forest.Score(row), loaded.Score(row)));
        Assert.Equal(
            (fixture.Forest.FeatureCount, fixture.Forest.TreeCount, fixture.Forest.NodeCount, fixture.Forest.LeafCount),
            (loaded.FeatureCount, loaded.TreeCount, loaded.NodeCount, loaded.LeafCount));
    }

    [Fact]
    public void Load_reads_exactly_one_forest_so_forests_can_share_a_stream()
    {
        var first = Save(fixture.Forest);
        var stream = new MemoryStream([.. first, .. first, 0x42]);

        CompiledForest.Load(stream);
        CompiledForest.Load(stream);

        Assert.Equal(first.Length * 2, stream.Position);
    }

    [Fact]
    public void Header_records_magic_version_feature_count_and_tree_count()
    {
        var bytes = Save(fixture.Forest);

        Assert.Equal("RSFOREST"u8.ToArray(), bytes[..8]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(40, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(30, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
    }

    public static TheoryData<string, int, string> TruncatedFiles => new()
    {
        { "empty", 0, "Compiled forest is truncated: its header needs 44 bytes, only 0 remain." },
        { "half a header", 20, "Compiled forest is truncated: its header needs 44 bytes, only 20 remain." },
        { "header only", 44, "Compiled forest is truncated: its trees and checksum need" },
        { "no checksum", -4, "Compiled forest is truncated: its trees and checksum need" },
        { "one byte short", -1, "Compiled forest is truncated: its trees and checksum need" },
    };

    [Theory]
    [MemberData(nameof(TruncatedFiles))]
    public void Load_refuses_a_truncated_file(string name, int length, string message)
    {
        var bytes = Save(fixture.Forest);
        var cut = bytes[..(length >= 0 ? length : bytes.Length + length)];

        var error = Assert.Throws<ForestFormatException>(() => CompiledForest.Load(new MemoryStream(cut)));

        Assert.True(error.Message.StartsWith(message, StringComparison.Ordinal), $"{name}: {error.Message}");
    }

    [Fact]
    public void Load_refuses_a_file_with_another_magic_showing_the_bytes_found()
    {
        var bytes = Save(fixture.Forest);
        "PK\u0003\u0004zip!"u8.CopyTo(bytes);

        var error = Assert.Throws<ForestFormatException>(() => CompiledForest.Load(new MemoryStream(bytes)));

        Assert.Equal("Not a compiled forest: the data starts with 504B03047A697021, expected the magic \"RSFOREST\".", error.Message);
    }

    [Fact]
    public void Load_refuses_another_format_version()
    {
        var bytes = Save(fixture.Forest);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 2);

        var error = Assert.Throws<ForestFormatException>(() => CompiledForest.Load(new MemoryStream(bytes)));

        Assert.StartsWith("Compiled forest format version 2 is not supported: this build reads version 1.", error.Message);
    }

    [Fact]
    public void Load_refuses_a_flipped_bit_through_the_checksum()
    {
        var bytes = Save(fixture.Forest);
        bytes[bytes.Length / 2] ^= 0x10;

        var error = Assert.Throws<ForestFormatException>(() => CompiledForest.Load(new MemoryStream(bytes)));

        Assert.Matches("^Compiled forest is corrupt: checksum 0x[0-9A-F]{8} of its content does not match the stored 0x[0-9A-F]{8}\\.$", error.Message);
    }

    [Theory]
    [InlineData(16, -1, "Compiled forest is corrupt: the tree count is -1, expected a count ≥ 0.", "")]
    [InlineData(20, 200_000_000, "Compiled forest is corrupt: its header announces 3200", " bytes of trees, more than the 1073741824 allowed.")]
    public void Load_refuses_impossible_counts_before_allocating(int offset, int value, string start, string end)
    {
        var bytes = Save(fixture.Forest);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);

        var error = Assert.Throws<ForestFormatException>(() => CompiledForest.Load(new MemoryStream(bytes)));

        Assert.StartsWith(start, error.Message);
        Assert.EndsWith(end, error.Message);
    }

    public static TheoryData<string, Action<byte[]>, string> StructurallyBrokenFiles => new()
    {
        { "child points back", b => WriteNodeField(b, node: 3, field: 2, value: 1), "Compiled forest is corrupt: node 3's left child is node 1, expected a node in 4.." },
        { "leaf out of range", b => WriteNodeField(b, node: 0, field: 3, value: ~100_000), "Compiled forest is corrupt: node 0's right child is leaf 100000, expected a leaf in 0.." },
        { "feature out of range", b => WriteNodeField(b, node: 0, field: 0, value: 40), "Compiled forest is corrupt: node 0 splits on feature 40, expected 0..39." },
        { "unknown flag", b => WriteNodeField(b, node: 0, field: 0, value: 1 << 31), "Compiled forest is corrupt: node 0 has unknown flag bits 0x80000000." },
        {
            "two parents share a node",
            b => WriteNodeField(b, node: 0, field: 2, value: BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(44 + 4))),
            "Compiled forest is corrupt: node 0's left child is node "
        },
    };

    [Theory]
    [MemberData(nameof(StructurallyBrokenFiles))]
    public void Load_refuses_a_well_checksummed_file_whose_trees_are_broken(string name, Action<byte[]> breakIt, string message)
    {
        var bytes = Save(fixture.Forest);
        breakIt(bytes);
        Reseal(bytes);

        var error = Assert.Throws<ForestFormatException>(() => CompiledForest.Load(new MemoryStream(bytes)));

        Assert.True(error.Message.StartsWith(message, StringComparison.Ordinal), $"{name}: {error.Message}");
    }

    private static byte[] Save(CompiledForest forest)
    {
        using var stream = new MemoryStream();
        forest.Save(stream);
        return stream.ToArray();
    }

    // Nodes follow the header and the 30 roots; each is (packed, threshold, left, right) of 4 bytes.
    private static void WriteNodeField(byte[] bytes, int node, int field, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(44 + (30 * 4) + (node * 16) + (field * 4)), value);

    private static void Reseal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4)));
}
