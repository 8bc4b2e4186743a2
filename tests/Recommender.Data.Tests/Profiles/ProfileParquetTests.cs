using Recommender.Core.Profiles;
using Recommender.Data.Profiles;
using Recommender.Data.Validation;

namespace Recommender.Data.Tests.Profiles;

public sealed class ProfileParquetTests
{
    internal sealed record Case(Action<ProfileRows> Break, long? Row, string Column, string Expected, string Found);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["null user_id"] = new(r => r.UserId[1] = null, 1, "user_id", "a non-empty string", "null"),
        ["empty user_id"] = new(r => r.UserId[0] = "", 0, "user_id", "a non-empty string", "an empty string"),
        ["duplicate user_id"] = new(r => r.UserId[2] = "u0", 2, "user_id", "a user id not used by another undated row", "\"u0\", already on row 0"),
        ["duplicate dated row"] = new(
            r =>
            {
                r.Extra.Add(RawColumn.Timestamps("valid_from", ProfileRows.T0, null, ProfileRows.T0));
                r.UserId[2] = "u0";
            },
            2, "valid_from", "one row per user and valid_from", "\"u0\" at 2023-09-01T00:00:00Z, already on row 0"),
        ["valid_from out of range"] = new(
            r => r.Extra.Add(RawColumn.Timestamps("valid_from", null, new DateTime(2150, 1, 1, 0, 0, 0, DateTimeKind.Utc), null)),
            1, "valid_from", "between 2000-01-01 and 2100-01-01 or null", "2150-01-01T00:00:00Z"),
        ["signup_at out of range"] = new(
            r => r.SignupAt[1] = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), 1, "signup_at", "between 2000-01-01", "1970-01-01T00:00:00Z"),
        ["unknown timezone"] = new(
            r => r.Timezone[2] = "Mars/Olympus", 2, "timezone", "an IANA time zone id", "\"Mars/Olympus\", which is no known time zone"),
        ["windows timezone"] = new(
            r => r.Timezone[1] = "Pacific Standard Time", 1, "timezone", "an IANA time zone id",
            "a Windows id (the IANA id is \"America/Los_Angeles\")"),
        ["negative company_size"] = new(r => r.CompanySize[0] = -3, 0, "company_size", "a whole number ≥ 0 or null", "-3"),
        ["infinite extra number"] = new(r => r.Seats[1] = double.PositiveInfinity, 1, "seats", "a finite number", "Infinity"),
        ["missing user_id column"] = new(r => r.Replace["user_id"] = null, null, "user_id", "a string column", "no such column"),
        ["signup_at stored as string"] = new(
            r => r.Replace["signup_at"] = RawColumn.Strings("signup_at", "2023-01-01", "x", "y"), null, "signup_at",
            "a UTC timestamp column", "a string column"),
        ["valid_from stored as string"] = new(
            r => r.Extra.Add(RawColumn.Strings("valid_from", "2023-01-01", null, null)), null, "valid_from",
            "a UTC timestamp column", "a string column"),
        ["company_size stored as string"] = new(
            r => r.Replace["company_size"] = RawColumn.Strings("company_size", "12", null, "250"), null, "company_size",
            "an integer column", "a string column"),
        ["user_id stored as int64"] = new(
            r => r.Replace["user_id"] = RawColumn.Longs("user_id", 1, 2, 3), null, "user_id", "a string column", "an int64 column"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public async Task WriteThenRead_WithExtraColumns_RoundTrips()
    {
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        UserProfile[] written =
        [
            new("u1", ProfileRows.T0, "DE", "Europe/Berlin", 40, "pro")
            {
                Numeric = new Dictionary<string, double> { ["seats"] = 4, ["mrr"] = 99.5 },
                Categorical = new Dictionary<string, string> { ["industry"] = "retail" },
            },
            new("u2", ProfileRows.T0.AddHours(5), "US", "America/Chicago", null, "free")
            {
                Numeric = new Dictionary<string, double> { ["seats"] = 1 },
                Categorical = new Dictionary<string, string> { ["source"] = "ads", ["industry"] = "" },
            },
            new("u3", ProfileRows.T0.AddDays(9), "JP", "Asia/Tokyo", 0, "team"),
        ];
        await ProfileParquetWriter.WriteAsync(file, written);
        var options = new ProfileReadOptions();

        var read = await ProfileParquetReader.ReadAsync(file, options);

        Assert.Equal(written.Length, read.Count);
        for (var i = 0; i < written.Length; i++)
        {
            Assert.Equal(written[i], read[i] with { Numeric = written[i].Numeric, Categorical = written[i].Categorical });
            Assert.Equal(written[i].Numeric.OrderBy(p => p.Key), read[i].Numeric.OrderBy(p => p.Key));
            Assert.Equal(written[i].Categorical.OrderBy(p => p.Key), read[i].Categorical.OrderBy(p => p.Key));
        }

        Assert.Equal(["mrr", "seats"], options.Summary.NumericColumns);
        Assert.Equal(["industry", "source"], options.Summary.CategoricalColumns);
        Assert.Equal(3, options.Summary.ProfilesReturned);
    }

    [Fact]
    public async Task Write_ExtraKeyClashingWithFixedColumn_Throws()
    {
        using var temp = new TempFolder();
        var profile = new UserProfile("u1", ProfileRows.T0, "DE", "Europe/Berlin", 1, "pro")
        {
            Numeric = new Dictionary<string, double> { ["plan"] = 1 },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => ProfileParquetWriter.WriteAsync(temp.File("profiles.parquet"), [profile]));

        Assert.Contains("\"plan\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_RawFileWithExtraColumnsOfEveryKind_MapsThemByType()
    {
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        var rows = new ProfileRows();
        rows.Extra.Add(RawColumn.Bools("is_paying", true, false, null));
        rows.Extra.Add(RawColumn.Ints("logins", 3, null, 7));
        rows.Extra.Add(RawColumn.Timestamps("last_seen", ProfileRows.T0, null, null));
        await rows.WriteAsync(file);
        var options = new ProfileReadOptions();

        var read = await ProfileParquetReader.ReadAsync(file, options);

        Assert.Equal(new Dictionary<string, double> { ["seats"] = 1, ["is_paying"] = 1, ["logins"] = 3 }, read[0].Numeric);
        Assert.Equal(new Dictionary<string, double> { ["seats"] = 5, ["is_paying"] = 0 }, read[1].Numeric);
        Assert.Equal(new Dictionary<string, string> { ["industry"] = "retail" }, read[0].Categorical);
        Assert.Empty(read[1].Categorical);
        Assert.Equal([12, null, 250], read.Select(p => p.CompanySize));
        var warning = Assert.Single(options.Summary.Issues);
        Assert.Equal(IssueSeverity.Warning, warning.Severity);
        Assert.Equal("last_seen", warning.Column);
        Assert.Contains("ignored", warning.Found, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task ReadAsync_BrokenFile_ThrowsIssueNamingFileRowColumnExpectedFound(string caseName)
    {
        var c = Cases[caseName];
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        var rows = new ProfileRows();
        c.Break(rows);
        await rows.WriteAsync(file);

        var error = await Assert.ThrowsAsync<DataValidationException>(() => ProfileParquetReader.ReadAsync(file));

        IssueAssert.NamesFileRowColumn(error, file, c.Row, c.Column, c.Expected, c.Found);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task ReadAsync_BrokenFileUnderCollect_KeepsTheValidRows(string caseName)
    {
        var c = Cases[caseName];
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        var rows = new ProfileRows();
        c.Break(rows);
        await rows.WriteAsync(file);
        var options = new ProfileReadOptions { OnError = ErrorPolicy.Collect };

        var read = await ProfileParquetReader.ReadAsync(file, options);

        Assert.Equal(c.Row is null ? 0 : 2, read.Count);
        Assert.Contains(options.Summary.Issues, i => i.Column == c.Column && i.Row == c.Row);
        Assert.Equal(3 - read.Count, options.Summary.RowsRejected);
    }

    [Fact]
    public async Task ReadAsync_Folder_FindsDuplicateUserAcrossFiles()
    {
        using var temp = new TempFolder();
        var folder = temp.File("profiles");
        Directory.CreateDirectory(folder);
        var first = Path.Combine(folder, "a.parquet");
        var second = Path.Combine(folder, "b.parquet");
        await new ProfileRows().WriteAsync(first);
        var rows = new ProfileRows();
        rows.UserId[0] = "u9";
        rows.UserId[1] = "u8";
        await rows.WriteAsync(second);

        var error = await Assert.ThrowsAsync<DataValidationException>(() => ProfileParquetReader.ReadAsync(folder));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(second, issue.File);
        Assert.Equal(2, issue.Row);
        Assert.Contains($"already on {first} row 2", issue.Found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_OnlyUserIds_GivesProfilesThatKnowNothingElse()
    {
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        await RawParquet.WriteAsync(file, [RawColumn.Strings("user_id", "u0", "u1")]);

        var read = await ProfileParquetReader.ReadAsync(file);

        Assert.Equal([new UserProfile("u0"), new UserProfile("u1")], read.Select(p => p with { Numeric = new UserProfile("x").Numeric, Categorical = new UserProfile("x").Categorical }));
        Assert.All(read, p => Assert.Empty(p.Numeric));
    }

    [Fact]
    public async Task ReadAsync_NullOrEmptyOptionalValues_AreUnknownNotErrors()
    {
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        var rows = new ProfileRows();
        (rows.SignupAt[0], rows.Country[1], rows.Plan[2], rows.Timezone[0]) = (null, "", null, " ");
        await rows.WriteAsync(file);

        var read = await ProfileParquetReader.ReadAsync(file);

        Assert.Equal([null, ProfileRows.T0.AddDays(1), ProfileRows.T0.AddDays(2)], read.Select(p => p.SignupAt));
        Assert.Equal(["DE", null, "FR"], read.Select(p => p.Country));
        Assert.Equal(["free", "pro", null], read.Select(p => p.Plan));
        Assert.Equal([null, "America/New_York", "Europe/Paris"], read.Select(p => p.Timezone));
    }

    [Fact]
    public async Task ReadAsync_DatedRows_BecomeTheUsersProfileUpdatesInTimeOrder()
    {
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        var rows = new ProfileRows();
        rows.UserId[1] = "u0";
        rows.UserId[2] = "u0";
        rows.Extra.Add(RawColumn.Timestamps("valid_from", null, ProfileRows.T0.AddDays(9), ProfileRows.T0.AddDays(3)));
        await rows.WriteAsync(file);
        var options = new ProfileReadOptions();

        var read = await ProfileParquetReader.ReadAsync(file, options);

        var profile = Assert.Single(read);
        Assert.Equal(("u0", "free", "DE"), (profile.UserId, profile.Plan, profile.Country));
        Assert.Equal([ProfileRows.T0.AddDays(3), ProfileRows.T0.AddDays(9)], profile.Updates.Select(e => e.Timestamp));
        Assert.All(profile.Updates, e => Assert.Equal(("u0", "profile_updated"), (e.UserId, e.EventType)));
        Assert.Equal(
            "{\"signup_at\":\"2023-09-03T00:00:00Z\",\"country\":\"FR\",\"timezone\":\"Europe/Paris\",\"company_size\":250,\"plan\":\"team\",\"industry\":\"saas\"}",
            profile.Updates[0].Properties);
        Assert.Equal("profile_updated:u0:2023-09-04T00:00:00.0000000Z", profile.Updates[0].EventId);
        Assert.Equal((1L, 2L), (options.Summary.ProfilesReturned, options.Summary.DatedRows));
    }

    [Fact]
    public async Task TableWriter_DatedRowsAndAbsentColumns_RoundTrip()
    {
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        var layout = new ProfileTableLayout
        {
            Fixed = new Dictionary<string, bool> { ["plan"] = false },
            NumericColumns = ["seats"],
            Dated = true,
        };
        await using (var writer = await ProfileTableWriter.CreateAsync(file, layout, rowGroupSize: 2))
        {
            await writer.WriteAsync(new UserProfile("a", Plan: "free"));
            await writer.WriteAsync(new UserProfile("a", Plan: "pro") { Numeric = new Dictionary<string, double> { ["seats"] = 3 } }, ProfileRows.T0);
            await writer.WriteAsync(new UserProfile("b") { Numeric = new Dictionary<string, double> { ["seats"] = 1 } }, ProfileRows.T0.AddDays(1));
        }

        var read = await ProfileParquetReader.ReadAsync(file);

        Assert.Equal(["a", "b"], read.Select(p => p.UserId));
        Assert.Equal(["free", null], read.Select(p => p.Plan));
        Assert.Null(read[0].Country);
        Assert.Equal("{\"plan\":\"pro\",\"seats\":3}", Assert.Single(read[0].Updates).Properties);
        Assert.Equal("{\"seats\":1}", Assert.Single(read[1].Updates).Properties);
    }

    [Fact]
    public async Task ReadAsync_CompanySizeAsWholeDouble_IsAccepted()
    {
        using var temp = new TempFolder();
        var file = temp.File("profiles.parquet");
        var rows = new ProfileRows();
        rows.Replace["company_size"] = RawColumn.Doubles("company_size", 12, null, 2.5);
        await rows.WriteAsync(file);
        var options = new ProfileReadOptions { OnError = ErrorPolicy.Collect };

        var read = await ProfileParquetReader.ReadAsync(file, options);

        Assert.Equal([12, null], read.Select(p => p.CompanySize));
        var issue = Assert.Single(options.Summary.Issues);
        Assert.Equal((2L, "company_size", "2.5"), (issue.Row!.Value, issue.Column!, issue.Found));
    }
}
