using System.Buffers;
using System.Globalization;
using Recommender.Api.Infrastructure;
using Recommender.Core;
using Recommender.Decisioning.Timing;

namespace Recommender.Api.Decisions;

/// <summary>
/// A <see cref="DecisionBody"/> checked: the single endpoint and every entry of the batch endpoint check a request here,
/// so that the two refuse exactly the same requests with exactly the same problems.
/// </summary>
public sealed record CheckedDecisionRequest(
    string UserId, string? Channel, IReadOnlyList<string>? Candidates, DateTime? AsOf, string? DecisionId, SendTimeOptions? SendTime = null)
{
    /// <summary>Longest caller-named <c>decision_id</c>: a Guid as 32 hex digits and room for a caller's own scheme.</summary>
    public const int MaxDecisionIdLength = 64;

    /// <summary>
    /// Letters, digits, <c>-</c> and <c>_</c>: the id becomes part of the key of the send it records
    /// (<c>decision:ID:MESSAGE</c>), so a colon in it could make two decisions' keys meet.
    /// </summary>
    private static readonly SearchValues<char> DecisionIdChars =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_");

    /// <summary>The checked request, or the problems found (<paramref name="index"/> names the entry of a batch).</summary>
    public static CheckedDecisionRequest? Check(
        DecisionBody body, int? index, DecisionOptions options, InputLimits limits, DateTimeOffset now, List<FieldIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(issues);
        var before = issues.Count;
        var maxId = limits.MaxIdLength;
        if (string.IsNullOrWhiteSpace(body.UserId))
        {
            issues.Add(new FieldIssue(index, "user_id", "a non-empty string", body.UserId is null ? "nothing" : JsonText.Quote(body.UserId)));
        }
        else if (body.UserId.Length > maxId)
        {
            issues.Add(new FieldIssue(index, "user_id", $"at most {maxId} characters (Limits:MaxIdLength)", $"{body.UserId.Length} characters"));
        }
        else if (IdText.Problem(body.UserId) is { } malformedUserId)
        {
            issues.Add(new FieldIssue(index, "user_id", IdText.Expected, malformedUserId));
        }

        if (body.Channel is { } channel && (string.IsNullOrWhiteSpace(channel) || channel.Length > maxId))
        {
            issues.Add(new FieldIssue(index, "channel", $"a non-empty string of at most {maxId} characters, or null", JsonText.Quote(channel)));
        }
        else if (body.Channel is { } named && IdText.Problem(named) is { } malformedChannel)
        {
            issues.Add(new FieldIssue(index, "channel", IdText.Expected, malformedChannel));
        }

        if (body.Candidates is { } candidates)
        {
            var max = options.MaxCandidates;
            if (candidates.Count == 0 || candidates.Count > max)
            {
                issues.Add(new FieldIssue(index, "candidates", $"null or between 1 and {max} message ids", $"{candidates.Count} ids"));
            }

            for (var i = 0; i < candidates.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(candidates[i]) || candidates[i].Length > maxId)
                {
                    // In a batch the entry is the index; the candidate's own position goes into the field's name.
                    issues.Add(new FieldIssue(index ?? i, index is null ? "candidates" : $"candidates[{i}]", $"a non-empty message id of at most {maxId} characters",
                        candidates[i] is null ? "null" : JsonText.Quote(candidates[i])));
                }
                else if (IdText.Problem(candidates[i]) is { } malformedCandidate)
                {
                    issues.Add(new FieldIssue(index ?? i, index is null ? "candidates" : $"candidates[{i}]", IdText.Expected, malformedCandidate));
                }
            }
        }

        if (body.DecisionId is { } decisionId
            && (decisionId.Length is 0 or > MaxDecisionIdLength || decisionId.AsSpan().ContainsAnyExcept(DecisionIdChars)))
        {
            issues.Add(new FieldIssue(index, "decision_id",
                $"null, or 1 to {MaxDecisionIdLength} letters, digits, '-' or '_'", JsonText.Quote(decisionId)));
        }

        DateTime? asOf = null;
        if (body.AsOf is { } text)
        {
            if (!Timestamps.TryParse(text, out var parsed))
            {
                issues.Add(new FieldIssue(index, "as_of", Timestamps.Expected, JsonText.Quote(text)));
            }
            else if (parsed > limits.Latest(now))
            {
                // A decision records its send at as_of: one far ahead would lock the user's state in the future.
                issues.Add(new FieldIssue(index, "as_of", limits.LatestExpected(now), JsonText.Quote(text)));
            }
            else
            {
                asOf = parsed;
            }
        }

        var sendTime = body.SendTime is { } look ? CheckSendTime(look, index, issues) : null;

        return issues.Count > before ? null : new CheckedDecisionRequest(body.UserId!, body.Channel, body.Candidates, asOf, body.DecisionId, sendTime);
    }

    /// <summary>
    /// The look-ahead with the engine's defaults for the fields left out, or null with the problems found: the same
    /// ranges as <see cref="SendTimeOptions.Validate"/>, each field named as the caller wrote it.
    /// </summary>
    private static SendTimeOptions? CheckSendTime(SendTimeBody body, int? index, List<FieldIssue> issues)
    {
        var before = issues.Count;
        var defaults = new SendTimeOptions();
        var max = SendTimeOptions.MaxLookAheadHours.ToString(CultureInfo.InvariantCulture);
        if (body.LookAheadHours is { } lookAhead && !(lookAhead is >= 0 and <= SendTimeOptions.MaxLookAheadHours))
        {
            issues.Add(new FieldIssue(index, "send_time.look_ahead_hours", $"a number of hours from 0 to {max}", Number(lookAhead)));
        }

        if (body.SlotHours is { } slot && !(slot is >= 0.25 and <= SendTimeOptions.MaxLookAheadHours))
        {
            issues.Add(new FieldIssue(index, "send_time.slot_hours", $"a number of hours from 0.25 to {max}", Number(slot)));
        }

        if (body.DelayCostPerHour is { } cost && !(cost is >= 0 and < 1))
        {
            issues.Add(new FieldIssue(index, "send_time.delay_cost_per_hour", "a share of the expected value per hour, at least 0 and below 1", Number(cost)));
        }

        return issues.Count > before ? null : new SendTimeOptions
        {
            LookAheadHours = body.LookAheadHours ?? defaults.LookAheadHours,
            SlotHours = body.SlotHours ?? defaults.SlotHours,
            DelayCostPerHour = body.DelayCostPerHour ?? defaults.DelayCostPerHour,
        };
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
