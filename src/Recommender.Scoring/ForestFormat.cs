using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Recommender.Scoring;

/// <summary>
/// The compiled-forest file, little-endian throughout:
/// <code>
/// header (44 bytes)  magic "RSFOREST" | u16 version | u16 flags (0) | i32 features | i32 trees | i32 nodes
///                    | i32 leaves | i32 categorical splits | i32 categorical slots | f64 bias
/// body               i32 root[trees] | node[nodes] (i32 packed, f32 threshold, i32 left, i32 right)
///                    | f64 leaf[leaves] | (i32 start, i32 count)[splits] | i32 slot[slots]
/// trailer            u32 CRC-32 of header and body
/// </code>
/// </summary>
/// <remarks>
/// Serving loads these files, so reading is strict: every count is bounded before anything is allocated, the
/// checksum must match and the structure must pass <see cref="ForestStructure"/>. Bump <see cref="Version"/> for any
/// change of layout or meaning; old versions are refused rather than guessed at.
/// </remarks>
internal static class ForestFormat
{
    public const ushort Version = 1;
    public const int HeaderSize = 44;

    // Far beyond any real model (a 2,000-tree, 255-leaf ensemble is ~8 MB) yet small enough that a corrupt
    // count cannot make the loader allocate gigabytes.
    public const long MaxBodyBytes = 1L << 30;

    private const int NodeSize = 16;
    private const int SplitSize = 8;
    private const int ChecksumSize = 4;
    private static readonly byte[] Magic = "RSFOREST"u8.ToArray();

    public static void Write(CompiledForest forest, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(forest);
        ArgumentNullException.ThrowIfNull(stream);

        long bodySize = BodySize(forest.TreeCount, forest.NodeCount, forest.LeafCount, forest.Splits.Length, forest.Slots.Length);
        var buffer = new byte[HeaderSize + bodySize + ChecksumSize];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], forest.FeatureCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], forest.TreeCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], forest.NodeCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], forest.LeafCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], forest.Splits.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], forest.Slots.Length);
        BinaryPrimitives.WriteDoubleLittleEndian(span[36..], forest.Bias);

        var body = span[HeaderSize..^ChecksumSize];
        foreach (int root in forest.Roots)
            body = WriteInt(body, root);
        foreach (var node in forest.Nodes)
        {
            body = WriteInt(body, node.Packed);
            BinaryPrimitives.WriteSingleLittleEndian(body, node.Threshold);
            body = WriteInt(WriteInt(body[4..], node.Left), node.Right);
        }

        foreach (double leaf in forest.Leaves)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(body, leaf);
            body = body[8..];
        }

        foreach (var split in forest.Splits)
            body = WriteInt(WriteInt(body, split.Start), split.Count);
        foreach (int slot in forest.Slots)
            body = WriteInt(body, slot);

        BinaryPrimitives.WriteUInt32LittleEndian(span[^ChecksumSize..], Crc32.HashToUInt32(span[..^ChecksumSize]));
        stream.Write(buffer);
    }

    public static CompiledForest Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        var header = new byte[HeaderSize];
        ReadExactly(stream, header, "header");
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new ForestFormatException(
                $"Not a compiled forest: the data starts with {Convert.ToHexString(header, 0, Magic.Length)}, " +
                $"expected the magic \"{Encoding.ASCII.GetString(Magic)}\".");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        if (version != Version)
        {
            throw new ForestFormatException(
                $"Compiled forest format version {version} is not supported: this build reads version {Version}. " +
                "Recompile the model with the scorer that will serve it.");
        }

        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10));
        int featureCount = ReadCount(header, 12, "feature count");
        int treeCount = ReadCount(header, 16, "tree count");
        int nodeCount = ReadCount(header, 20, "node count");
        int leafCount = ReadCount(header, 24, "leaf count");
        int splitCount = ReadCount(header, 28, "categorical split count");
        int slotCount = ReadCount(header, 32, "categorical slot count");
        double bias = BinaryPrimitives.ReadDoubleLittleEndian(header.AsSpan(36));
        if (flags != 0)
            throw new ForestFormatException($"Compiled forest is corrupt: header flags are 0x{flags:X4}, expected 0.");

        long bodySize = BodySize(treeCount, nodeCount, leafCount, splitCount, slotCount);
        if (bodySize > MaxBodyBytes)
        {
            throw new ForestFormatException(
                $"Compiled forest is corrupt: its header announces {bodySize} bytes of trees, more than the {MaxBodyBytes} allowed.");
        }

        var rest = new byte[bodySize + ChecksumSize];
        ReadExactly(stream, rest, "trees and checksum");

        var crc = new Crc32();
        crc.Append(header);
        crc.Append(rest.AsSpan(0, (int)bodySize));
        uint computed = crc.GetCurrentHashAsUInt32();
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(rest.AsSpan((int)bodySize));
        if (computed != stored)
        {
            throw new ForestFormatException(
                $"Compiled forest is corrupt: checksum 0x{computed:X8} of its content does not match the stored 0x{stored:X8}.");
        }

        ReadOnlySpan<byte> body = rest;
        var roots = new int[treeCount];
        for (int i = 0; i < roots.Length; i++)
            roots[i] = ReadInt(ref body);
        var nodes = new ForestNode[nodeCount];
        for (int i = 0; i < nodes.Length; i++)
        {
            int packed = ReadInt(ref body);
            float threshold = BinaryPrimitives.ReadSingleLittleEndian(body);
            body = body[4..];
            nodes[i] = new ForestNode(packed, threshold, ReadInt(ref body), ReadInt(ref body));
        }

        var leaves = new double[leafCount];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = BinaryPrimitives.ReadDoubleLittleEndian(body);
            body = body[8..];
        }

        var splits = new CategoricalSplit[splitCount];
        for (int i = 0; i < splits.Length; i++)
            splits[i] = new CategoricalSplit(ReadInt(ref body), ReadInt(ref body));
        var slots = new int[slotCount];
        for (int i = 0; i < slots.Length; i++)
            slots[i] = ReadInt(ref body);

        var error = ForestStructure.FindError(featureCount, bias, roots, nodes, leaves, splits, slots);
        if (error is not null)
            throw new ForestFormatException($"Compiled forest is corrupt: {error}.");
        return new CompiledForest(featureCount, bias, roots, nodes, leaves, splits, slots);
    }

    private static long BodySize(long trees, long nodes, long leaves, long splits, long slots) =>
        (trees * 4) + (nodes * NodeSize) + (leaves * 8) + (splits * SplitSize) + (slots * 4);

    private static int ReadCount(byte[] header, int offset, string name)
    {
        int value = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(offset));
        if (value < 0)
            throw new ForestFormatException($"Compiled forest is corrupt: the {name} is {value}, expected a count ≥ 0.");
        return value;
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string part)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw new ForestFormatException(
                $"Compiled forest is truncated: its {part} needs {buffer.Length} bytes, only {read} remain.");
        }
    }

    private static Span<byte> WriteInt(Span<byte> target, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(target, value);
        return target[4..];
    }

    private static int ReadInt(ref ReadOnlySpan<byte> source)
    {
        int value = BinaryPrimitives.ReadInt32LittleEndian(source);
        source = source[4..];
        return value;
    }
}
