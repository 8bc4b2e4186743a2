using Recommender.Core.Profiles;
using Recommender.Data.Profiles;
using Recommender.TestSupport;

namespace Recommender.Data.Tests.Profiles;

/// <summary>
/// The table writer's two ways in: rows given as attribute values (what an importer has) must make the same file, byte
/// for byte, as the profiles <see cref="ProfileAttributes.With"/> builds from those values, given row by row.
/// </summary>
public sealed class ProfileTableWriterTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly ProfileTableLayout Dated = new()
    {
        Fixed = new Dictionary<string, bool>
        {
            [ProfileAttributes.SignupAt] = false, [ProfileAttributes.Country] = false, [ProfileAttributes.Timezone] = false,
            [ProfileAttributes.CompanySize] = false, [ProfileAttributes.Plan] = false,
        },
        NumericColumns = ["seats"],
        CategoricalColumns = ["industry"],
        Dated = true,
    };

    [Theory]
    [InlineData(2)]
    [InlineData(1_500)]
    [InlineData(100_000)]
    public async Task Values_WriteTheSameFileAsTheProfilesBuiltFromThem(int rowGroupSize)
    {
        using var temp = new TempFolder();
        var rows = Rows(3_000);
        var byProfile = temp.File("by-profile.parquet");
        var byValues = temp.File("by-values.parquet");
        await using (var writer = await ProfileTableWriter.CreateAsync(byProfile, Dated, rowGroupSize))
        {
            foreach (var (user, at, values) in rows)
            {
                await writer.WriteAsync(ProfileAttributes.With(null, user, values), at);
            }
        }

        await using (var writer = await ProfileTableWriter.CreateAsync(byValues, Dated, rowGroupSize))
        {
            foreach (var (user, at, values) in rows)
            {
                await writer.WriteAsync(user, values, at);
            }

            Assert.Equal(rows.Count, writer.RowsWritten);
        }

        Assert.Equal(await File.ReadAllBytesAsync(byProfile), await File.ReadAllBytesAsync(byValues));
        var read = await ProfileParquetReader.ReadAsync(byValues);
        Assert.Equal(rows.Select(r => r.User).Distinct().Count(), read.Count);
    }

    [Fact]
    public async Task Values_MissingARequiredColumn_RefusesTheRowAndKeepsTheOthers()
    {
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        var layout = new ProfileTableLayout { Fixed = new Dictionary<string, bool> { [ProfileAttributes.Plan] = true } };
        await using (var writer = await ProfileTableWriter.CreateAsync(file, layout))
        {
            await writer.WriteAsync("a", [new(ProfileAttributes.Plan, ProfileValue.Of("pro"))]);
            var refused = await Assert.ThrowsAsync<ArgumentException>(async () =>
                await writer.WriteAsync("b", [new(ProfileAttributes.Plan, ProfileValue.Of("free")), new(ProfileAttributes.Plan, ProfileValue.Cleared)]));
            Assert.Contains("Profile \"b\" has no plan", refused.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync("", [new(ProfileAttributes.Plan, ProfileValue.Of("pro"))]));
            await writer.WriteAsync("c", [new(ProfileAttributes.Plan, ProfileValue.Of("team"))]);
            Assert.Equal(2, writer.RowsWritten);
        }

        var read = await ProfileParquetReader.ReadAsync(file);
        Assert.Equal(["a", "c"], read.Select(p => p.UserId));
        Assert.Equal(["pro", "team"], read.Select(p => p.Plan));
    }

    /// <summary>
    /// Seeded rows covering what the values may hold: every fixed attribute, numbers and texts for extra columns in
    /// both kinds (a text for the numeric column and a number for the categorical one are not written), an attribute
    /// set twice (the later wins) or cleared, one the layout has no column for, and rows that set nothing.
    /// </summary>
    private static List<(string User, DateTime At, List<KeyValuePair<string, ProfileValue>> Values)> Rows(int count)
    {
        var random = new Random(7);
        string[] plans = ["free", "pro", "team"];
        string[] zones = ["Europe/Berlin", "America/New_York", "UTC"];
        var rows = new List<(string, DateTime, List<KeyValuePair<string, ProfileValue>>)>();
        for (var i = 0; i < count; i++)
        {
            var values = new List<KeyValuePair<string, ProfileValue>>();
            void Maybe(string name, ProfileValue value)
            {
                if (random.NextDouble() < 0.6)
                {
                    values.Add(new(name, value));
                }
            }

            Maybe(ProfileAttributes.SignupAt, ProfileValue.Of(T0.AddSeconds(-random.Next(1_000_000)).AddTicks(random.Next(10_000_000)).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ")));
            Maybe(ProfileAttributes.SignupAt, ProfileValue.Of("2025-03-01T10:00:00+02:00"));
            Maybe(ProfileAttributes.Country, ProfileValue.Of(random.Next(2) == 0 ? "DE" : "US"));
            Maybe(ProfileAttributes.Timezone, ProfileValue.Of(zones[random.Next(zones.Length)]));
            Maybe(ProfileAttributes.CompanySize, ProfileValue.Of(random.Next(1, 5_000)));
            Maybe(ProfileAttributes.Plan, ProfileValue.Of(plans[random.Next(plans.Length)]));
            Maybe(ProfileAttributes.Plan, ProfileValue.Cleared);
            Maybe("seats", ProfileValue.Of(random.Next(1, 50)));
            Maybe("seats", random.Next(4) == 0 ? ProfileValue.Of("many") : ProfileValue.Of(random.Next(1, 50)));
            Maybe("industry", random.Next(4) == 0 ? ProfileValue.Of(3) : ProfileValue.Of(random.Next(2) == 0 ? "software" : "retail"));
            Maybe("not_in_layout", ProfileValue.Of("x"));
            rows.Add(($"u{random.Next(count / 3)}", T0.AddMinutes(i), values));
        }

        return rows;
    }
}
