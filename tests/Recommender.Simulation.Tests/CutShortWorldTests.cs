using Recommender.Core.Catalog;

namespace Recommender.Simulation.Tests;

/// <summary>
/// A world whose writing fails part way (a full disk: here the oracle file is a link to Linux's /dev/full, where every
/// write fails with "no space left") leaves none of its files: before, the events file stayed without its footer, so a
/// later train failed on a corrupt table and generate refused the folder as holding data.
/// </summary>
public sealed class CutShortWorldTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_world_cut_short_by_a_full_disk_leaves_no_file_behind()
    {
        Assert.True(File.Exists("/dev/full"), "This test needs Linux's /dev/full.");
        var folder = Directory.CreateDirectory(_temp.File("world")).FullName;
        File.CreateSymbolicLink(Path.Combine(folder, DataSetWriter.OracleFile), "/dev/full");

        var failed = await Assert.ThrowsAnyAsync<IOException>(() =>
            DataSetWriter.WriteWithOracleAsync(new WorldOptions { Users = 600, Days = 30, Seed = 4 }, SyntheticCatalog.Create(), folder));

        Assert.Contains("space", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    public void Dispose() => _temp.Dispose();
}
