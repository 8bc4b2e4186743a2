using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.DecisionLog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Training;

namespace Recommender.Evaluation.Replay;

/// <summary>
/// A data folder read for evaluation: catalog, profiles, every user's events in time order, and the data fingerprint
/// (the same <see cref="DataFingerprint"/> a bundle's manifest records, so the report shows whether the bundle was
/// trained on this very data).
/// </summary>
/// <remarks>
/// The replay looks ahead from each decision (its reward) and back (its state), so each user's events are held whole.
/// The whole log is held at once: simple and enough for the logs evaluated here (the 1.6-million-event world takes
/// about a gigabyte); a streaming per-user replay like training's is the step if logs outgrow that.
/// </remarks>
/// <param name="DecisionLog">The API's decision log read beside the folder; null without one.</param>
/// <param name="DecisionLogInput">What the log added to <paramref name="Users"/>' events; null without a log.</param>
internal sealed record EvaluationInputs(
    DataFolder Folder,
    MessageCatalog Catalog,
    IReadOnlyList<UserProfile> ProfileList,
    IReadOnlyDictionary<string, UserProfile> Profiles,
    IReadOnlyList<UserHistory> Users,
    string DataFingerprint,
    DecisionLogEvents? DecisionLog,
    DecisionLogInput? DecisionLogInput)
{
    /// <summary>Reads the folder and the decision logs in <paramref name="decisionLogs"/> (none for no log), whose control rows join each user's events.</summary>
    /// <exception cref="DataValidationException">The folder, the log, or a file in them breaks the data contract.</exception>
    public static async Task<EvaluationInputs> ReadAsync(string dataDirectory, IReadOnlyList<string> decisionLogs, CancellationToken ct)
    {
        var folder = DataFolder.Open(dataDirectory);
        var catalog = CatalogJson.Load(folder.CatalogPath);
        var profileList = await ProfileParquetReader.ReadAsync(folder.ProfilesPath, null, ct).ConfigureAwait(false);
        var profiles = new Dictionary<string, UserProfile>(StringComparer.Ordinal);
        foreach (var profile in profileList)
        {
            profiles.TryAdd(profile.UserId, profile);
        }

        var byUser = new Dictionary<string, List<UserEvent>>(StringComparer.Ordinal);
        await foreach (var batch in EventParquetReader.ReadAsync(folder.EventsPath, new EventReadOptions(), ct).ConfigureAwait(false))
        {
            foreach (var e in batch.Events)
            {
                if (!byUser.TryGetValue(e.UserId, out var events))
                {
                    byUser.Add(e.UserId, events = []);
                }

                events.Add(e);
            }
        }

        DecisionLogEvents? log = null;
        DecisionLogInput? logInput = null;
        if (decisionLogs.Count > 0)
        {
            log = await DecisionLogEvents.ReadAsync(decisionLogs, null, ct).ConfigureAwait(false);
            var merge = log.StartMerge();
            foreach (var (userId, events) in byUser)
            {
                merge.AddTo(userId, events);
            }

            foreach (var (userId, events) in merge.RemainingUsers())
            {
                byUser.Add(userId, events);
            }

            logInput = merge.Result();
        }

        // The profiles' dated rows are events of their users like the log's own profile_updated.
        foreach (var profile in profileList.Where(p => p.Updates.Count > 0))
        {
            if (!byUser.TryGetValue(profile.UserId, out var events))
            {
                byUser.Add(profile.UserId, events = []);
            }

            events.AddRange(profile.Updates);
        }

        // Users in id order and each user's events in time order (stable: same-instant events keep the file's order),
        // so the replay, and with it the report, does not depend on how the log was split into files or row groups.
        var users = byUser
            .OrderBy(u => u.Key, StringComparer.Ordinal)
            .Select(u => new UserHistory(u.Key, [.. u.Value.OrderBy(e => e.Timestamp)], profiles.GetValueOrDefault(u.Key)))
            .ToArray();
        var fingerprint = await Training.DataFingerprint.ComputeAsync(folder, ct).ConfigureAwait(false);
        return new EvaluationInputs(folder, catalog, profileList, profiles, users, fingerprint, log, logInput);
    }
}

/// <summary>One user's events in time order, and the profile (null when the profiles table lacks the user).</summary>
internal sealed record UserHistory(string UserId, UserEvent[] Events, UserProfile? Profile);
