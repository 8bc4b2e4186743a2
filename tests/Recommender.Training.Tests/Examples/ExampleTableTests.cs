using Recommender.Training.Examples;

namespace Recommender.Training.Tests.Examples;

/// <summary>The compact example table gives back every input bit for bit, packed segments and the open one alike.</summary>
public sealed class ExampleTableTests
{
    [Fact]
    public void Every_value_comes_back_with_the_same_bits_across_packed_and_open_segments()
    {
        // Three segments' worth and some: the first two are packed, the last stays open.
        const int rows = 140_000;
        var random = new Random(17);
        var columns = new[]
        {
            (Func<int, float>)(i => i % 2),                                        // a flag: bytes
            i => i % 300,                                                          // counts past 255: two bytes
            i => i == 70_000 ? 70_000f : i % 1_000,                                // one value past 65,535 in the second segment: floats there
            i => (float)random.NextDouble(),                                       // fractions: floats
            i => i % 7 == 0 ? float.NaN : i % 11 == 0 ? -0f : i % 13 == 0 ? -3f : 5f, // NaN, -0 and negatives: floats
        };
        var table = new ExampleTable(columns.Length);
        var expected = new float[rows][];
        var features = columns.Select(_ => new float[1]).ToArray();
        for (var i = 0; i < rows; i++)
        {
            expected[i] = new float[columns.Length + 1];
            for (var j = 0; j < columns.Length; j++)
            {
                features[j][0] = expected[i][j] = columns[j](i);
            }

            var arm = i % 3 == 0 ? ExampleArm.Control : ExampleArm.Treatment;
            expected[i][^1] = arm == ExampleArm.Treatment ? 1f : 0f;
            table.Append($"u{i / 10}", i % 2 == 0 ? "m1" : "m2", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i), arm, null, i % 5 == 0 ? null : 0.25, i % 4 == 0, false, features, 0);
        }

        var input = new float[columns.Length + 1];
        for (var i = 0; i < rows; i++)
        {
            table.CopyInput(i, input);
            for (var j = 0; j < input.Length; j++)
            {
                Assert.True(
                    BitConverter.SingleToInt32Bits(expected[i][j]) == BitConverter.SingleToInt32Bits(input[j]),
                    $"row {i}, column {j}: wrote {expected[i][j]}, read {input[j]}");
            }
        }

        Assert.Equal(rows, table.Count);
        Assert.Equal($"u{139_999 / 10}", table.UserId(139_999));
        Assert.Equal("m2", table.MessageId(1));
        Assert.Null(table.Propensity(5));
        Assert.Equal(0.25, table.Propensity(6));

        // Two packed segments of 65,536 rows: the flag and is_treatment a byte each, the counts two bytes, fractions and
        // NaNs floats; the third column two bytes in the first segment and floats in the second, which holds 70,000.
        Assert.Equal(65_536L * (1 + 2 + 2 + 4 + 4 + 1) + 65_536L * (1 + 2 + 4 + 4 + 4 + 1), table.PackedSize);
    }
}
