using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Core.Profiles;
using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Models.Manifest;

namespace Recommender.Training.Examples;

/// <summary>
/// The validation rows of both models exactly as <see cref="TrainingJob"/> measures them: the same replay of the log
/// into examples, the same <see cref="TrainingWindow"/> and the same row placement. Public so that the offline
/// evaluation report (<c>recommender evaluate</c>) scores a bundle on the very rows its manifest's metrics come from,
/// without reaching into the training internals.
/// </summary>
/// <remarks>
/// Rows hold the schema's features only; the models' <c>is_treatment</c> input is <see cref="IsTreatment"/>.
/// Only the validation rows are kept: the training period's thousands of rows would cost memory for nothing here.
/// </remarks>
public sealed class ValidationSet
{
    private readonly float[][] _features;

    private ValidationSet(
        TrainingWindow window, FeatureSchema schema, float[][] features, string[] userIds, string[] messageIds, DateTime[] sentAt,
        bool[] isTreatment, string?[] decisionIds, bool[] labelGoal, bool[] labelUnsubscribe, int[] propensityRows, int[] fatigueRows)
    {
        Window = window;
        Schema = schema;
        _features = features;
        UserIds = userIds;
        MessageIds = messageIds;
        SentAt = sentAt;
        IsTreatment = isTreatment;
        DecisionIds = decisionIds;
        LabelGoal = labelGoal;
        LabelUnsubscribe = labelUnsubscribe;
        PropensityRows = propensityRows;
        FatigueRows = fatigueRows;
    }

    public TrainingWindow Window { get; }

    public FeatureSchema Schema { get; }

    /// <summary>Rows held (the union of both models' validation rows).</summary>
    public int Count => _features.Length;

    public IReadOnlyList<string> UserIds { get; }

    public IReadOnlyList<string> MessageIds { get; }

    public IReadOnlyList<DateTime> SentAt { get; }

    /// <summary>True for a send, false for a control row (<c>decision_no_send</c>).</summary>
    public IReadOnlyList<bool> IsTreatment { get; }

    public IReadOnlyList<string?> DecisionIds { get; }

    /// <summary>The message's goal within its goal window.</summary>
    public IReadOnlyList<bool> LabelGoal { get; }

    /// <summary>An unsubscribe or complaint within the policy's fatigue window of a send.</summary>
    public IReadOnlyList<bool> LabelUnsubscribe { get; }

    /// <summary>
    /// The goal models' validation rows (indices into this set), in log order: sends and control decisions, as the
    /// manifest's <c>propensity</c> metrics count them.
    /// </summary>
    public IReadOnlyList<int> PropensityRows { get; }

    /// <summary>The fatigue model's validation rows (sends only), in log order.</summary>
    public IReadOnlyList<int> FatigueRows { get; }

    /// <summary>The schema's features of a row.</summary>
    public ReadOnlySpan<float> Features(int row) => _features[row];

    /// <summary>Replays <paramref name="folder"/>'s log with <paramref name="schema"/> and keeps the validation rows of the last <paramref name="validationDays"/>.</summary>
    /// <exception cref="TrainingDataException">The log has no logged decision, or the window leaves no training period.</exception>
    /// <exception cref="DataValidationException">An input file breaks the data contract.</exception>
    public static Task<ValidationSet> BuildAsync(
        DataFolder folder, MessageCatalog catalog, IReadOnlyList<UserProfile> profiles, FeatureSchema schema, int validationDays,
        CancellationToken ct = default) =>
        BuildAsync(folder, catalog, profiles, schema, validationDays, null, ct);

    /// <summary>As <c>train --decision-log</c> replays them: the folder's log with <paramref name="decisionLog"/>'s control rows (null for none).</summary>
    /// <exception cref="TrainingDataException">The log has no logged decision, or the window leaves no training period.</exception>
    /// <exception cref="DataValidationException">An input file breaks the data contract.</exception>
    public static Task<ValidationSet> BuildAsync(
        DataFolder folder, MessageCatalog catalog, IReadOnlyList<UserProfile> profiles, FeatureSchema schema, int validationDays,
        DecisionLogEvents? decisionLog, CancellationToken ct = default) =>
        BuildAsync(folder, catalog, profiles, schema, validationDays, decisionLog, wholeLog: false, ct);

    /// <summary>
    /// With <paramref name="wholeLog"/>, every logged decision whose label is final is a validation row (the window starts
    /// with the log): for a bundle measured on data it was not trained on.
    /// </summary>
    /// <exception cref="TrainingDataException">The log has no logged decision, or the window leaves no training period.</exception>
    /// <exception cref="DataValidationException">An input file breaks the data contract.</exception>
    public static async Task<ValidationSet> BuildAsync(
        DataFolder folder, MessageCatalog catalog, IReadOnlyList<UserProfile> profiles, FeatureSchema schema, int validationDays,
        DecisionLogEvents? decisionLog, bool wholeLog, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(validationDays);
        var (table, summary) = await ExampleTableBuilder.BuildAsync(folder, catalog, schema, profiles, decisionLog, null, ct).ConfigureAwait(false);
        if (table.Count == 0 || summary.Read.MinTimestamp is not { } start || summary.Read.MaxTimestamp is not { } end)
        {
            throw new TrainingDataException(
                $"{folder.EventsPath} has no '{EventTypes.MessageSent}' or '{EventTypes.DecisionNoSend}' event for a message of the catalog: there is nothing to validate the models on.");
        }

        var window = wholeLog ? new TrainingWindow(start, end, start) : TrainingWindows.For(start, end, validationDays);
        var options = new TrainingOptions { ValidationDays = validationDays };
        var propensity = ModelRows.ForGoal(table, window, catalog, options).Validation;
        var fatigue = ModelRows.ForFatigue(table, window, catalog, options).Validation;

        // Keep the union of both models' rows, renumbered; both lists stay in log order.
        var kept = propensity.Union(fatigue).Order().ToArray();
        var index = new Dictionary<int, int>(kept.Length);
        for (var k = 0; k < kept.Length; k++)
        {
            index.Add(kept[k], k);
        }

        return new ValidationSet(
            window,
            schema,
            [.. kept.Select(i => Features(table, i))],
            [.. kept.Select(i => table.UserId(i))],
            [.. kept.Select(i => table.MessageId(i))],
            [.. kept.Select(i => table.SentAt(i))],
            [.. kept.Select(table.IsTreatment)],
            [.. kept.Select(i => table.DecisionId(i))],
            [.. kept.Select(i => table.LabelGoal(i))],
            [.. kept.Select(i => table.LabelUnsubscribe(i))],
            [.. propensity.Select(i => index[i])],
            [.. fatigue.Select(i => index[i])]);
    }

    private static float[] Features(ExampleTable table, int row)
    {
        var input = new float[table.InputLength];
        table.CopyInput(row, input);
        return input[..table.FeatureCount];
    }
}
