using Parquet;
using Parquet.Schema;

namespace Recommender.Cli.Tests;

/// <summary><c>recommender validate</c> as a user runs it: real files, a real process, its exit code and output.</summary>
public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Generated_folder_is_valid_and_exits_zero()
    {
        using var folder = new TempFolder();
        var generate = await CliProcess.RunAsync("generate", "--users", "150", "--days", "20", "--seed", "3", "--out", folder.Path);
        Assert.True(generate.ExitCode == 0, generate.All);

        var validate = await CliProcess.RunAsync("validate", "--data", folder.Path);

        Assert.True(validate.ExitCode == 0, validate.All);
        Assert.Contains("0 error(s)", validate.Output);
        Assert.Contains("catalog: 12 messages", validate.Output);
    }

    [Fact]
    public async Task Bad_events_file_exits_one_and_names_file_row_and_column()
    {
        using var folder = new TempFolder();
        var generate = await CliProcess.RunAsync("generate", "--users", "50", "--days", "15", "--seed", "3", "--out", folder.Path);
        Assert.True(generate.ExitCode == 0, generate.All);

        // Replace the log with one whose second row has no user_id.
        var eventsPath = folder.File("events.parquet");
        await WriteEventsAsync(eventsPath, userIds: ["u000000", null]);

        var validate = await CliProcess.RunAsync("validate", "--data", folder.Path);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains($"{eventsPath} row 1, column \"user_id\"", validate.Output);
        Assert.Contains("1 error(s)", validate.Output);
    }

    [Fact]
    public async Task Catalog_with_unknown_category_exits_one_and_names_the_json_path()
    {
        using var folder = new TempFolder();
        var generate = await CliProcess.RunAsync("generate", "--users", "50", "--days", "15", "--seed", "3", "--out", folder.Path);
        Assert.True(generate.ExitCode == 0, generate.All);
        var catalogPath = folder.File("catalog.json");
        File.WriteAllText(catalogPath, File.ReadAllText(catalogPath).Replace("\"onboarding\"", "\"promo\"", StringComparison.Ordinal));

        var validate = await CliProcess.RunAsync("validate", "--data", folder.Path);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("messages[0].category", validate.Output);
        Assert.Contains("\"promo\"", validate.Output);
    }

    [Fact]
    public async Task Corrupt_parquet_footer_exits_one_and_names_the_file()
    {
        using var folder = new TempFolder();
        var generate = await CliProcess.RunAsync("generate", "--users", "50", "--days", "15", "--seed", "3", "--out", folder.Path);
        Assert.True(generate.ExitCode == 0, generate.All);
        var eventsPath = folder.File("events.parquet");
        var bytes = await File.ReadAllBytesAsync(eventsPath);
        // Scribble over the Thrift-encoded file metadata just before the footer length and magic.
        for (var i = bytes.Length - 200; i < bytes.Length - 8; i++)
        {
            bytes[i] = 0xFF;
        }

        await File.WriteAllBytesAsync(eventsPath, bytes);

        var validate = await CliProcess.RunAsync("validate", "--data", folder.Path);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains(eventsPath, validate.Output);
        Assert.DoesNotContain("unexpected error", validate.All);
    }

    [Fact]
    public async Task Missing_folder_exits_one_with_a_clear_message()
    {
        var missing = Path.Combine(Path.GetTempPath(), "recommender-tests", "does-not-exist-" + Guid.NewGuid().ToString("N"));

        var validate = await CliProcess.RunAsync("validate", "--data", missing);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains(missing, validate.All);
    }

    [Theory]
    [InlineData(new[] { "generate", "--users", "10", "--days", "20" }, "--out is required")]
    [InlineData(new[] { "generate", "--users", "0", "--days", "20", "--out", "x" }, "--users must be positive")]
    [InlineData(new[] { "generate", "--start", "05/01/2026", "--out", "x" }, "--start must be a date")]
    [InlineData(new[] { "validate" }, "--data is required")]
    public async Task Bad_arguments_exit_non_zero_with_the_reason(string[] args, string expected)
    {
        var result = await CliProcess.RunAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.All);
    }

    private static async Task WriteEventsAsync(string path, string?[] userIds)
    {
        var n = userIds.Length;
        var eventId = new DataField<string>("event_id");
        var userId = new DataField<string>("user_id", true);
        var timestamp = new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, isNullable: false);
        var eventType = new DataField<string>("event_type");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(eventId, userId, timestamp, eventType), stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(eventId, Enumerable.Range(0, n).Select(i => $"e{i}").ToArray());
        await group.WriteAsync(userId, userIds);
        await group.WriteAsync<DateTime>(timestamp, Enumerable.Repeat(new DateTime(2026, 1, 6, 0, 0, 0, DateTimeKind.Utc), n).ToArray().AsMemory());
        await group.WriteAsync(eventType, Enumerable.Repeat("session_started", n).ToArray());
        group.CompleteValidate();
    }
}
