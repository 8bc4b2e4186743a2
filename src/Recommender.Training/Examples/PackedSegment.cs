namespace Recommender.Training.Examples;

/// <summary>
/// A full segment of <see cref="ExampleTable"/>'s inputs, column by column, each column in the narrowest type that
/// gives back every one of its values bit for bit: a byte when all are whole numbers 0–255, two bytes when all are
/// 0–65,535, else the float itself. Most features are counts, flags and one-hot columns, so a row takes about a
/// third of its float size, and nothing a model sees changes (the same bundle, to the byte).
/// </summary>
internal sealed class PackedSegment
{
    private const byte Bytes = 1, Shorts = 2, Floats = 4;

    private readonly byte[] _kinds;
    private readonly byte[]?[] _bytes;
    private readonly ushort[]?[] _shorts;
    private readonly float[]?[] _floats;

    private PackedSegment(int columns)
    {
        _kinds = new byte[columns];
        _bytes = new byte[columns][];
        _shorts = new ushort[columns][];
        _floats = new float[columns][];
    }

    /// <summary>Bytes held (the arrays' payload).</summary>
    public long Size { get; private set; }

    /// <summary>Packs <paramref name="rows"/> rows of <paramref name="columns"/> values each, row-major in <paramref name="values"/>.</summary>
    public static PackedSegment Pack(ReadOnlySpan<float> values, int rows, int columns)
    {
        var segment = new PackedSegment(columns);
        for (var j = 0; j < columns; j++)
        {
            var max = 0f;
            var whole = true;
            for (var i = 0; i < rows && whole; i++)
            {
                var v = values[i * columns + j];
                whole = IsWhole(v);
                max = Math.Max(max, v);
            }

            if (whole && max <= byte.MaxValue)
            {
                var column = new byte[rows];
                for (var i = 0; i < rows; i++)
                {
                    column[i] = (byte)values[i * columns + j];
                }

                (segment._kinds[j], segment._bytes[j]) = (Bytes, column);
            }
            else if (whole && max <= ushort.MaxValue)
            {
                var column = new ushort[rows];
                for (var i = 0; i < rows; i++)
                {
                    column[i] = (ushort)values[i * columns + j];
                }

                (segment._kinds[j], segment._shorts[j]) = (Shorts, column);
            }
            else
            {
                var column = new float[rows];
                for (var i = 0; i < rows; i++)
                {
                    column[i] = values[i * columns + j];
                }

                (segment._kinds[j], segment._floats[j]) = (Floats, column);
            }

            segment.Size += (long)rows * segment._kinds[j];
        }

        return segment;
    }

    public void CopyRow(int row, Span<float> destination)
    {
        for (var j = 0; j < _kinds.Length; j++)
        {
            destination[j] = _kinds[j] switch
            {
                Bytes => _bytes[j]![row],
                Shorts => _shorts[j]![row],
                _ => _floats[j]![row],
            };
        }
    }

    /// <summary>A whole number the narrow types give back exactly: not negative, no fraction, not −0, not NaN.</summary>
    private static bool IsWhole(float v) =>
        v >= 0 && v <= ushort.MaxValue && v == MathF.Floor(v) && BitConverter.SingleToInt32Bits(v) == BitConverter.SingleToInt32Bits((float)(int)v);
}
