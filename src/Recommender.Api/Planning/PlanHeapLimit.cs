using System.Globalization;
using Recommender.Core.Runtime;

namespace Recommender.Api.Planning;

/// <summary>
/// Bounds the managed heap of a process that makes a plan (<c>GCHeapHardLimit</c>, set at run time), so that its peak
/// memory does not depend on how long the plan runs, that is on the audience's size.
/// </summary>
/// <remarks>
/// <para>Why: what a plan holds is bounded (about three chunks in flight, the model, the writer's buffers), but the
/// server GC that <c>recommender</c> runs on (for <c>serve</c>) sizes its generations from what it has seen: over a
/// million users it went through more extreme states than over a hundred thousand, and its peak rose with the plan's
/// length (docs/results.md, "Plans"). Under a hard limit the GC sizes its budgets to the limit instead.</para>
/// <para>The limit: the heap still in use once the host has started (model, catalog, configuration), plus
/// <see cref="BytesPerChunkUser"/> for each user of a chunk, plus <see cref="BytesPerAudienceFileByte"/> for each byte
/// of a <c>--users</c> file (its ids are held as a set). <c>Plan:MaxHeapMiB</c> sets it instead; 0 sets none. A plan
/// that needs more than its limit stops with a <see cref="PlanInputException"/> that names the setting. A plan that
/// logs its decisions is not bounded (<see cref="PlanJob"/> says why).</para>
/// </remarks>
public static class PlanHeapLimit
{
    /// <summary>The configuration key: the limit in MiB, or 0 for none.</summary>
    public const string Key = "Plan:MaxHeapMiB";

    /// <summary>
    /// Heap allowed per user of a chunk (192 MiB for 4,096): chosen by measurement with decisions of about 3.5 KB of
    /// JSON (a catalog of a dozen messages). Less made the GC collect the whole heap nearly once a chunk, and the plan
    /// slower; much more let the peak grow with the plan's length again (docs/results.md, "Plans"). A catalog whose
    /// decisions are much longer needs a larger <see cref="Key"/>.
    /// </summary>
    public const long BytesPerChunkUser = 48 << 10;

    /// <summary>A set of ids costs about eight times the file that lists them (UTF-16 strings and the set's entries).</summary>
    public const long BytesPerAudienceFileByte = 8;

    /// <summary>The limit for a plan: <paramref name="configured"/> MiB when given (0: none), else the default above.</summary>
    public static long? Compute(string? configured, int chunkSize, string? usersFile)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!long.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var mib) || mib > (1L << 40))
            {
                throw new PlanInputException($"{Key}: expected a whole number of MiB (0 for no limit), found '{configured}'.");
            }

            return mib == 0 ? null : mib << 20;
        }

        var audience = usersFile is not null && File.Exists(usersFile) ? new FileInfo(usersFile).Length : 0;
        return Default(GC.GetTotalMemory(forceFullCollection: true), chunkSize, audience);
    }

    /// <summary>The default limit: <paramref name="inUse"/> bytes of heap plus the allowances for a chunk and an audience file.</summary>
    public static long Default(long inUse, int chunkSize, long audienceFileBytes) =>
        inUse + (chunkSize * BytesPerChunkUser) + (audienceFileBytes * BytesPerAudienceFileByte);

    /// <summary>Sets the limit for the rest of the process (<see cref="ManagedHeapLimit.Apply"/>).</summary>
    /// <returns>The limit set.</returns>
    public static long Apply(long limit) => ManagedHeapLimit.Apply(limit);
}
