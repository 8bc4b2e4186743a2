using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Data.Validation;

namespace Recommender.Import.Tests.Support;

/// <summary>What an import wrote, read back through the contract's own readers, which reject anything the contract forbids.</summary>
internal sealed record ImportedFolder(IReadOnlyList<UserEvent> Events, IReadOnlyList<UserProfile> Profiles, EventReadSummary EventSummary)
{
    public static async Task<ImportedFolder> ReadAsync(string directory)
    {
        var eventsOptions = new EventReadOptions();
        var events = new List<UserEvent>();
        await foreach (var batch in EventParquetReader.ReadAsync(Path.Combine(directory, "events.parquet"), eventsOptions))
        {
            events.AddRange(batch.Events);
        }

        var profiles = await ProfileParquetReader.ReadAsync(Path.Combine(directory, "profiles.parquet"));
        return new ImportedFolder(events, profiles, eventsOptions.Summary);
    }

    /// <summary>The folder passes <c>validate</c> without an error (warnings allowed: a folder without a catalog gets its error for that alone).</summary>
    public static async Task AssertValidAsync(string directory, bool hasCatalog = true)
    {
        var report = await DataValidator.ValidateAsync(directory);
        var errors = report.Issues.Where(i => i.Severity == IssueSeverity.Error && (hasCatalog || !i.File.EndsWith(DataFolder.CatalogFileName, StringComparison.Ordinal))).ToList();
        Assert.True(errors.Count == 0, "validate found: " + string.Join("; ", errors.Select(e => e.Message)));
    }
}
