using System.Text.Json;
using Recommender.Data.Validation;

namespace Recommender.Data.DecisionLog;

/// <summary>
/// Checks one decision log row against the log's contract and builds the decision, parsing its three JSON columns.
/// Every problem of the row is recorded (for a JSON column, its first bad element), so one run shows what to fix.
/// </summary>
internal sealed class DecisionLogRowValidator(DecisionLogReadOptions options, string file, IssueBuffer issues)
{
    /// <summary>How far the distribution's probabilities may sum from 1: rounding of a few dozen doubles is far below it.</summary>
    internal const double SumTolerance = 1e-6;

    internal const string DistributionExpected = "a JSON object of action → probability in [0, 1], the probabilities summing to 1";
    internal const string ScoresExpected =
        "a JSON array of objects with message_id (a string), tier (an integer), p_goal_send, p_goal_no_send, uplift, p_unsubscribe, value and expected_value (numbers)";
    internal const string SuppressedExpected = "a JSON array of objects with message_id and rule (strings) and detail (a string, optional)";

    private static readonly string[] ScoreNumbers = ["p_goal_send", "p_goal_no_send", "uplift", "p_unsubscribe", "value", "expected_value"];

    private readonly string _timestampRange =
        $"a UTC timestamp between {Show.Date(options.MinTimestamp)} and {Show.Date(options.MaxTimestamp)}";

    /// <summary>The decision, or null when the row breaks the contract (its issues are recorded).</summary>
    public DecisionLogEntry? Validate(DecisionLogColumnData data, int i, long row)
    {
        var ok = RequireText(row, DecisionLogColumns.DecisionId, data.DecisionIds[i]);
        ok &= RequireText(row, DecisionLogColumns.UserId, data.UserIds[i]);
        ok &= CheckAsOf(row, data.AsOf[i]);
        ok &= RequireText(row, DecisionLogColumns.Reason, data.Reasons[i]);
        ok &= CheckPropensity(row, data.Propensities[i]);

        // An empty optional id carries no information; pandas writes "" where it means null.
        var messageId = string.IsNullOrEmpty(data.MessageIds[i]) ? null : data.MessageIds[i];
        if (messageId is not null && string.IsNullOrWhiteSpace(messageId))
        {
            issues.Error(file, row, DecisionLogColumns.MessageId, "a message id, or null for \"send nothing\"", Show.Text(messageId));
            ok = false;
        }

        var distribution = Distribution(row, data.Distributions[i], messageId ?? DecisionLogColumns.NoSendAction);
        var scores = Scores(row, data.Scores[i]);
        var suppressed = data.Suppressed is null ? [] : Suppressed(row, data.Suppressed[i]);
        var sendTimePropensity = data.SendTimePropensities?[i];
        if (sendTimePropensity is { } q && !(q > 0 && q <= 1))
        {
            issues.Error(file, row, DecisionLogColumns.SendTimePropensity, "a probability in (0, 1], or null for a decision without a send time", Show.Number(q));
            ok = false;
        }

        if (!ok || distribution is null || scores is null || suppressed is null)
        {
            return null;
        }

        return new DecisionLogEntry(
            data.DecisionIds[i]!, data.UserIds[i]!, data.AsOf[i]!.Value, NullIfEmpty(data.Channels?[i]), messageId, data.Reasons[i]!,
            data.Propensities[i]!.Value, NullIfEmpty(data.ModelVersions?[i]), distribution, scores, suppressed,
            data.SendAt?[i], NullIfEmpty(data.SendChannels?[i]), sendTimePropensity);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private bool RequireText(long row, string column, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        issues.Error(file, row, column, "a non-empty string", Show.Text(value));
        return false;
    }

    private bool CheckAsOf(long row, DateTime? asOf)
    {
        if (asOf is { } t && t >= options.MinTimestamp && t < options.MaxTimestamp)
        {
            return true;
        }

        issues.Error(file, row, DecisionLogColumns.AsOf, _timestampRange, asOf is { } bad ? Show.Time(bad) : "null");
        return false;
    }

    /// <summary>Off-policy estimates and the control rows divide by it.</summary>
    private bool CheckPropensity(long row, double? propensity)
    {
        if (propensity is > 0 and <= 1)
        {
            return true;
        }

        issues.Error(file, row, DecisionLogColumns.Propensity, "a probability in (0, 1]", propensity is { } p ? Show.Number(p) : "null");
        return false;
    }

    private Dictionary<string, double>? Distribution(long row, string? json, string chosen)
    {
        using var document = Parse(row, DecisionLogColumns.Distribution, json, DistributionExpected);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail<Dictionary<string, double>>(row, DecisionLogColumns.Distribution, DistributionExpected, $"a JSON {KindName(root.ValueKind)}: {Show.Text(json)}");
        }

        var distribution = new Dictionary<string, double>(StringComparer.Ordinal);
        var sum = 0.0;
        foreach (var action in root.EnumerateObject())
        {
            if (action.Value.ValueKind != JsonValueKind.Number || !action.Value.TryGetDouble(out var p) || p is < 0 or > 1 || action.Name.Length == 0)
            {
                return Fail<Dictionary<string, double>>(
                    row, DecisionLogColumns.Distribution, DistributionExpected, $"\"{action.Name}\": {action.Value.GetRawText()} in {Show.Text(json)}");
            }

            distribution[action.Name] = p;
            sum += p;
        }

        if (Math.Abs(sum - 1) > SumTolerance)
        {
            return Fail<Dictionary<string, double>>(
                row, DecisionLogColumns.Distribution, DistributionExpected, $"probabilities summing to {Show.Number(sum)} in {Show.Text(json)}");
        }

        if (!distribution.TryGetValue(chosen, out var chosenProbability) || chosenProbability <= 0)
        {
            return Fail<Dictionary<string, double>>(
                row, DecisionLogColumns.Distribution, $"the logged action \"{chosen}\" with a probability above 0",
                distribution.ContainsKey(chosen) ? $"probability {Show.Number(chosenProbability)} in {Show.Text(json)}" : $"no \"{chosen}\" in {Show.Text(json)}");
        }

        return distribution;
    }

    private List<LoggedScore>? Scores(long row, string? json)
    {
        using var document = Parse(row, DecisionLogColumns.Scores, json, ScoresExpected);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            return Fail<List<LoggedScore>>(row, DecisionLogColumns.Scores, ScoresExpected, $"a JSON {KindName(root.ValueKind)}: {Show.Text(json)}");
        }

        var scores = new List<LoggedScore>(root.GetArrayLength());
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var problem = ScoreProblem(element, out var score);
            if (problem is not null)
            {
                return Fail<List<LoggedScore>>(row, DecisionLogColumns.Scores, ScoresExpected, $"element [{index}] {problem}");
            }

            scores.Add(score!);
            index++;
        }

        return scores;
    }

    private static string? ScoreProblem(JsonElement element, out LoggedScore? score)
    {
        score = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"is a JSON {KindName(element.ValueKind)}";
        }

        if (TextProblem(element, "message_id", out var messageId) is { } idProblem)
        {
            return idProblem;
        }

        if (!element.TryGetProperty("tier", out var tierElement) || tierElement.ValueKind != JsonValueKind.Number || !tierElement.TryGetInt32(out var tier))
        {
            return Missing(element, "tier", "an integer");
        }

        var numbers = new double[ScoreNumbers.Length];
        for (var k = 0; k < ScoreNumbers.Length; k++)
        {
            if (!element.TryGetProperty(ScoreNumbers[k], out var value) || value.ValueKind != JsonValueKind.Number
                || !value.TryGetDouble(out numbers[k]) || !double.IsFinite(numbers[k]))
            {
                return Missing(element, ScoreNumbers[k], "a finite number");
            }
        }

        score = new LoggedScore(messageId!, tier, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]);
        return null;
    }

    private List<LoggedSuppression>? Suppressed(long row, string? json)
    {
        using var document = Parse(row, DecisionLogColumns.Suppressed, json, SuppressedExpected);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            return Fail<List<LoggedSuppression>>(row, DecisionLogColumns.Suppressed, SuppressedExpected, $"a JSON {KindName(root.ValueKind)}: {Show.Text(json)}");
        }

        var suppressed = new List<LoggedSuppression>(root.GetArrayLength());
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            string? messageId = null, rule = null, detail = null;
            var problem = element.ValueKind != JsonValueKind.Object
                ? $"is a JSON {KindName(element.ValueKind)}"
                : TextProblem(element, "message_id", out messageId) ?? TextProblem(element, "rule", out rule)
                    ?? (element.TryGetProperty("detail", out var d) && d.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
                        ? Missing(element, "detail", "a string") : null);
            if (problem is not null)
            {
                return Fail<List<LoggedSuppression>>(row, DecisionLogColumns.Suppressed, SuppressedExpected, $"element [{index}] {problem}");
            }

            if (element.TryGetProperty("detail", out var detailElement) && detailElement.ValueKind == JsonValueKind.String)
            {
                detail = detailElement.GetString();
            }

            suppressed.Add(new LoggedSuppression(messageId!, rule!, detail));
            index++;
        }

        return suppressed;
    }

    private static string? TextProblem(JsonElement element, string name, out string? value)
    {
        value = null;
        if (element.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(text.GetString()))
        {
            value = text.GetString();
            return null;
        }

        return Missing(element, name, "a non-empty string");
    }

    private static string Missing(JsonElement element, string name, string expected) =>
        element.TryGetProperty(name, out var found)
            ? $"has \"{name}\": {Show.Text(found.GetRawText())} instead of {expected}"
            : $"has no \"{name}\"";

    private JsonDocument? Parse(long row, string column, string? json, string expected)
    {
        if (json is null)
        {
            issues.Error(file, row, column, expected, "null");
            return null;
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            issues.Error(file, row, column, expected, $"invalid JSON {Show.Text(json)} ({e.Message})");
            return null;
        }
    }

    private T? Fail<T>(long row, string column, string expected, string found)
        where T : class
    {
        issues.Error(file, row, column, expected, found);
        return null;
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
