using System.Globalization;
using System.Text;
using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Import.Output;
using Recommender.Import.Text;

namespace Recommender.Import.OpenBandit;

/// <summary>
/// <c>recommender import obd</c>: an Open Bandit Dataset log (Saito et al., 2020) as logged decisions. Each impression
/// is one decision of a user of its own (the data has no user ids): a <c>message_sent</c> of the item with the logged
/// <c>propensity</c> (the propensity score of the item at its position), the <c>decision_id</c> and the slot
/// <c>position</c> as properties; a click is an <c>item_clicked</c> goal event a second later. The user features are
/// categorical profile attributes, the user-item affinities numeric ones (<c>affinity_item_07</c>); the items and their
/// attributes make the catalog (<see cref="ObdCatalog"/>).
/// </summary>
public static class ObdImporter
{
    private static readonly DateTime MinTimestamp = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MaxTimestamp = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <exception cref="FileNotFoundException">The folder lacks the log or item_context.csv.</exception>
    /// <exception cref="InvalidDataException">A file lacks a column of the data set.</exception>
    public static async Task<ImportSummary> RunAsync(ObdImportOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (log, itemContext) = Files(options.Input);
        var prefix = options.UserPrefix ?? "obd-" + new DirectoryInfo(options.Input.TrimEnd('/', '\\')).Name;
        var output = await ImportOutput.CreateAsync(options.Output, options.Write, ct).ConfigureAwait(false);
        await using (output.ConfigureAwait(false))
        {
            var items = await Task.Run(() => Import(log, prefix, output), ct).ConfigureAwait(false);
            var catalog = ObdCatalog.Read(itemContext, items);
            var notes = new[]
            {
                $"user ids: {prefix}-ROW (one user per impression: the data set has no user ids)",
                "item attributes: text values named by the lowest item carrying them, so every log of the campaign gives the same catalog",
            };
            return await output.CompleteAsync("obd", [log, itemContext], catalog, notes: notes, ct: ct).ConfigureAwait(false);
        }
    }

    private static (string Log, string ItemContext) Files(string input)
    {
        var itemContext = Path.Combine(input, "item_context.csv");
        if (!Directory.Exists(input) || !File.Exists(itemContext))
        {
            throw new FileNotFoundException($"{input}: expected an Open Bandit log folder holding item_context.csv and the campaign's CSV, found {(Directory.Exists(input) ? "no item_context.csv" : "no folder")}.", itemContext);
        }

        var logs = Directory.EnumerateFiles(input, "*.csv").Where(f => Path.GetFileName(f) != "item_context.csv").Order(StringComparer.Ordinal).ToList();
        return logs.Count == 1
            ? (logs[0], itemContext)
            : throw new FileNotFoundException($"{input}: expected one campaign CSV (men.csv, women.csv or all.csv) beside item_context.csv, found {logs.Count}.", input);
    }

    /// <summary>Writes the log; returns the items it shows.</summary>
    private static HashSet<int> Import(string log, string prefix, ImportOutput output)
    {
        var items = new HashSet<int>();
        var file = output.BeginFile(log);
        using var csv = CsvReader.Open(log);
        var header = CsvHeader.Read(log, csv);
        var (time, item, position, click, propensity) = (header.Index("timestamp"), header.Index("item_id"), header.Index("position"), header.Index("click"), header.Index("propensity_score"));
        var userFeatures = header.Names.Select((n, i) => (n, i)).Where(c => c.n.StartsWith("user_feature_", StringComparison.Ordinal)).ToArray();
        var affinities = header.Names.Select((n, i) => (n, i)).Where(c => c.n.StartsWith("user-item_affinity_", StringComparison.Ordinal))
            .Select(c => (Name: "affinity_" + ObdCatalog.MessageId(int.Parse(c.n["user-item_affinity_".Length..], CultureInfo.InvariantCulture)), Index: c.i))
            .ToArray();
        var f = output.Fields;
        var (sends, clicks, profile) = (
            f.Counter("item_id, propensity_score, position", "message_sent item_NN, properties propensity, position, decision_id"),
            f.Counter("click = 1", $"{ObdCatalog.Click} event a second later"),
            f.Counter("user_feature_*, user-item_affinity_*", "profile attributes (text; numbers affinity_item_NN)"));
        var row = -1L;
        while (csv.Read(out var problem) is { } record)
        {
            row++;
            output.Lines++;
            var line = csv.RecordLine;
            if (problem is not null || record.Count != header.Count)
            {
                output.Issues.Drop(log, line, problem ?? $"{record.Count} fields: expected {header.Count}, as the header has");
                continue;
            }

            if (Check(record, time, item, position, click, propensity, out var bad) is not var (at, itemId, slot, clicked, p))
            {
                output.Issues.Drop(log, line, bad!);
                continue;
            }

            var user = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{row:D6}");
            var message = ObdCatalog.MessageId(itemId);
            items.Add(itemId);
            if (!output.AddEvent(new UserEvent(user + "-s", user, at, EventTypes.MessageSent, message, null, Properties(user, p, slot)), file, line))
            {
                continue;
            }

            sends.Add();
            if (clicked)
            {
                output.AddEvent(new UserEvent(user + "-c", user, at.AddSeconds(1), ObdCatalog.Click, message), file, line);
                clicks.Add();
            }

            var values = new List<KeyValuePair<string, ProfileValue>>(userFeatures.Length + affinities.Length);
            values.AddRange(userFeatures.Where(u => record[u.i].Length > 0).Select(u => new KeyValuePair<string, ProfileValue>(u.n, ProfileValue.Of(record[u.i]))));
            foreach (var (name, index) in affinities)
            {
                if (double.TryParse(record[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.IsFinite(a))
                {
                    values.Add(new(name, ProfileValue.Of(a)));
                }
            }

            output.AddProfile(user, null, values);
            profile.Add();
        }

        return items;
    }

    private static (DateTime At, int Item, int Position, bool Click, double Propensity)? Check(
        IReadOnlyList<string> r, int time, int item, int position, int click, int propensity, out string? problem)
    {
        problem = null;
        var parsed = Instant.TryParse(r[time], out var at);
        if (parsed != InstantParse.Ok || at < MinTimestamp || at >= MaxTimestamp)
        {
            problem = $"timestamp: expected an instant with a zone between 2000 and 2100, found \"{r[time]}\"";
        }
        else if (!int.TryParse(r[item], NumberStyles.None, CultureInfo.InvariantCulture, out var i))
        {
            problem = $"item_id: expected a whole number, found \"{r[item]}\"";
        }
        else if (!int.TryParse(r[position], NumberStyles.None, CultureInfo.InvariantCulture, out var pos))
        {
            problem = $"position: expected a whole number, found \"{r[position]}\"";
        }
        else if (r[click] is not ("0" or "1"))
        {
            problem = $"click: expected 0 or 1, found \"{r[click]}\"";
        }
        else if (!double.TryParse(r[propensity], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || !(p > 0 && p <= 1))
        {
            problem = $"propensity_score: expected a number in (0, 1], found \"{r[propensity]}\"";
        }
        else
        {
            return (at, i, pos, r[click] == "1", p);
        }

        return null;
    }

    private static string Properties(string decisionId, double propensity, int position)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(EventProperties.DecisionId, decisionId);
            writer.WriteNumber(EventProperties.Propensity, propensity);
            writer.WriteNumber("position", position);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
