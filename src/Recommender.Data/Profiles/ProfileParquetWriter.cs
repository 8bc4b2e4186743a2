using Recommender.Core.Profiles;

namespace Recommender.Data.Profiles;

/// <summary>
/// Writes a <c>profiles</c> Parquet file of undated rows: the fixed columns the profiles know (required when every
/// profile knows it), then one double column per key of <see cref="UserProfile.Numeric"/> and one string column per
/// key of <see cref="UserProfile.Categorical"/> (union over all profiles, sorted; null where a profile lacks the key).
/// A profile's <see cref="UserProfile.Updates"/> are not written: dated rows go through <see cref="ProfileTableWriter"/>.
/// </summary>
public static class ProfileParquetWriter
{
    public static async Task WriteAsync(string path, IEnumerable<UserProfile> profiles, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(profiles);

        var rows = profiles.ToList();
        foreach (var profile in rows)
        {
            ArgumentNullException.ThrowIfNull(profile);
        }

        var writer = await ProfileTableWriter.CreateAsync(path, ProfileTableLayout.Of(rows), ct: ct).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var profile in rows)
            {
                await writer.WriteAsync(profile, null, ct).ConfigureAwait(false);
            }
        }
    }
}
