using Parquet;
using Parquet.Schema;
using Recommender.Api.Planning;
using Recommender.Api.Stores;

namespace Recommender.Api.Tests.Planning;

/// <summary>The <c>--users</c> file of a plan: each format read, and every bad id refused naming the file and the line or row.</summary>
public sealed class PlanAudienceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ACsvFile_GivesItsUserIdColumn_WithQuotedFields()
    {
        var path = _folder.File("audience.csv");
        await File.WriteAllTextAsync(path, "segment,user_id\nvip,u1\n\"a, b\",\"u\"\"2\"\n");
        Assert.Equal(["u1", "u\"2"], await ReadAsync(path));
    }

    [Fact]
    public async Task AParquetFile_GivesItsUserIdColumn()
    {
        var path = _folder.File("audience.parquet");
        var field = new DataField<string>("user_id");
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(field, new[] { "u3", "u1" });
        }

        Assert.Equal(["u3", "u1"], await ReadAsync(path));
    }

    [Theory]
    [InlineData("audience.txt", "u1\nu2\nu1\n", "audience.txt, line 3: expected each user once (a plan has one row per user), found 'u1' again (first at line 1).")]
    [InlineData("audience.csv", "user,segment\nu1,vip\n", "audience.csv, line 1: expected a header row naming a user_id column, found 'user,segment'.")]
    [InlineData("audience.csv", "user_id,segment\n,vip\n", "audience.csv, line 2: expected a user id of 1 to 256 characters (Limits:MaxIdLength), found an empty id.")]
    [InlineData("audience.csv", "user_id\n\"u1\n", "audience.csv, line 2: expected a closing quote, found the end of the line.")]
    [InlineData("audience.csv", "user_id\nu1\n\"u\u00012\"\n", "audience.csv, line 3: expected a user id of text without control characters (U+0000–U+001F, U+007F–U+009F) or white space at either end, found U+0001 at character 2.")]
    [InlineData("audience.txt", "u1\nu\t2\n", "audience.txt, line 2: expected a user id of text without control characters (U+0000–U+001F, U+007F–U+009F) or white space at either end, found U+0009 at character 2.")]
    [InlineData("audience.csv", "user_id,segment\n\"u1 \",vip\n", "audience.csv, line 2: expected a user id of text without control characters (U+0000–U+001F, U+007F–U+009F) or white space at either end, found white space (U+0020) at the end.")]
    public async Task ABadFile_IsRefused_NamingTheLine(string name, string content, string message)
    {
        var path = _folder.File(name);
        await File.WriteAllTextAsync(path, content);
        var e = await Assert.ThrowsAsync<PlanInputException>(() => ReadAsync(path));
        Assert.Equal(Path.Combine(_folder.Path, message), e.Message);
    }

    [Fact]
    public async Task AnIdLongerThanTheLimit_IsRefused()
    {
        var path = _folder.File("audience.txt");
        await File.WriteAllTextAsync(path, "u1\n" + new string('x', 300) + "\n");
        var e = await Assert.ThrowsAsync<PlanInputException>(() => ReadAsync(path));
        Assert.EndsWith("audience.txt, line 2: expected a user id of 1 to 256 characters (Limits:MaxIdLength), found 300 characters.", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The audience the file names, with a store that holds another user: a file's audience is the file's alone.</summary>
    private async Task<List<string>> ReadAsync(string path)
    {
        using var store = new SqliteUserStateStore(_folder.File("state.db"));
        await store.ApplyAsync([Support.Ev.Action("e1", "in-the-store", Support.Ev.T0)]);
        var users = new List<string>();
        await foreach (var user in PlanAudience.Of(path, store, 256, CancellationToken.None))
        {
            users.Add(user);
        }

        return users;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
