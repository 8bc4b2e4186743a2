using System.Globalization;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Core.Randomness;
using Recommender.Import.Output;
using Recommender.Import.Text;

namespace Recommender.Import.Hillstrom;

/// <summary>
/// <c>recommender import hillstrom</c>: Kevin Hillstrom's e-mail challenge (64,000 customers randomised in thirds to a
/// men's e-mail, a women's e-mail or none) as logged decisions. Each customer is one decision with its logged
/// propensity 1/3: a <c>message_sent</c> of the e-mail, or for the no-e-mail third a <c>decision_no_send</c> holding out
/// one of the two e-mails (chosen by a hash of the customer, so the control rows pair with both). A visit is a
/// <c>website_visit</c>, a conversion a <c>purchase</c> worth the spend, both inside the two weeks after the decision.
/// The customer columns are profile attributes. The data has no dates: decision instants are spread over
/// <see cref="HillstromImportOptions.Days"/> days by a hash of the customer, so that training has a period to learn
/// from and one to validate on (docs/import.md).
/// </summary>
public static class HillstromImporter
{
    private const double Propensity = 1.0 / 3;
    private static readonly string[] Segments = ["Mens E-Mail", "Womens E-Mail", "No E-Mail"];

    /// <exception cref="FileNotFoundException">No file at the input path.</exception>
    /// <exception cref="InvalidDataException">The file lacks a column of the challenge.</exception>
    public static async Task<IReadOnlyList<ImportSummary>> RunAsync(HillstromImportOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!File.Exists(options.Input))
        {
            throw new FileNotFoundException($"{options.Input}: expected the challenge's hillstrom.csv, found no file at that path.", options.Input);
        }

        var split = options.HoldoutShare > 0;
        var parts = split ? new[] { "train", "holdout" } : [""];
        var outputs = new List<ImportOutput>();
        try
        {
            foreach (var part in parts)
            {
                outputs.Add(await ImportOutput.CreateAsync(Path.Combine(options.Output, part), options.Write, ct).ConfigureAwait(false));
            }

            var counts = await Task.Run(() => Import(options, outputs), ct).ConfigureAwait(false);
            var summaries = new List<ImportSummary>();
            for (var p = 0; p < outputs.Count; p++)
            {
                var notes = new List<string>
                {
                    string.Create(CultureInfo.InvariantCulture,
                        $"decisions spread over {options.Days} days from {options.Start:yyyy-MM-dd} by a hash of the customer; visits and purchases inside the 14 days after"),
                };
                if (split)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{parts[p]}: {counts[p]:N0} customers ({(p == 1 ? options.HoldoutShare : 1 - options.HoldoutShare):P0} by a hash salted \"{options.Salt}\")"));
                }

                summaries.Add(await outputs[p].CompleteAsync("hillstrom", [options.Input], HillstromCatalog.Create(), notes: notes, ct: ct).ConfigureAwait(false));
            }

            return summaries;
        }
        finally
        {
            foreach (var output in outputs)
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The customers written to each output.</summary>
    private static long[] Import(HillstromImportOptions o, List<ImportOutput> outputs)
    {
        var counts = new long[outputs.Count];
        var files = outputs.Select(output => output.BeginFile(o.Input)).ToArray();
        using var csv = CsvReader.Open(o.Input);
        var header = CsvHeader.Read(o.Input, csv);
        var c = new Columns(header);
        var customer = -1;
        while (csv.Read(out var problem) is { } record)
        {
            customer++;
            var part = outputs.Count == 1 || StableHash.Of($"{o.Salt}\n{customer}") % 1_000_000 >= o.HoldoutShare * 1_000_000 ? 0 : 1;
            var output = outputs[part];
            output.Lines++;
            var line = csv.RecordLine;
            var row = problem is null && record.Count == header.Count ? Row.Parse(record, c, out problem) : null;
            if (row is null)
            {
                output.Issues.Drop(o.Input, line, problem ?? $"{record.Count} fields: expected {header.Count}, as the header has");
                continue;
            }

            Write(row, customer, o, output, files[part], line);
            counts[part]++;
        }

        return counts;
    }

    private static void Write(Row row, int customer, HillstromImportOptions o, ImportOutput output, int file, long line)
    {
        var user = $"h{customer:D5}";
        var f = output.Fields;
        var at = o.Start.AddSeconds(StableHash.Of($"decision\n{customer}") % (ulong)(o.Days * 86_400));
        var decision = user + "-d";
        var properties = EventProperties.OfDecision(decision, Propensity);
        var held = StableHash.Of($"holdout\n{customer}") % 2 == 0 ? HillstromCatalog.Mens : HillstromCatalog.Womens;
        var e = row.Segment switch
        {
            0 => new UserEvent(decision, user, at, EventTypes.MessageSent, HillstromCatalog.Mens, null, properties),
            1 => new UserEvent(decision, user, at, EventTypes.MessageSent, HillstromCatalog.Womens, null, properties),
            _ => new UserEvent(decision, user, at, EventTypes.DecisionNoSend, held, null, properties),
        };
        output.AddEvent(e, file, line);
        f.Counter("segment " + Segments[row.Segment], row.Segment < 2 ? $"message_sent {e.MessageId} (propensity 1/3)" : "decision_no_send holding out mens_email or womens_email (propensity 1/3)").Add();

        // Outcomes at deterministic instants strictly inside the two weeks: a minute to 13.9 days after the decision.
        var visitAt = at.AddMinutes(1 + (double)(StableHash.Of($"visit\n{customer}") % (20_000 - 1)));
        if (row.Visit)
        {
            output.AddEvent(new UserEvent(user + "-v", user, visitAt, HillstromCatalog.Visit), file, line);
            f.Counter("visit = 1", "website_visit event").Add();
        }

        if (row.Conversion)
        {
            output.AddEvent(new UserEvent(user + "-p", user, visitAt.AddMinutes(5), HillstromCatalog.Purchase, null, row.Spend), file, line);
            f.Counter("conversion = 1, spend", "purchase event, value = spend").Add();
        }

        output.AddProfile(user, null,
        [
            new("recency", ProfileValue.Of(row.Recency)), new("history", ProfileValue.Of(row.History)),
            new("mens", ProfileValue.Of(row.Mens)), new("womens", ProfileValue.Of(row.Womens)), new("newbie", ProfileValue.Of(row.Newbie)),
            new("zip_code", ProfileValue.Of(row.ZipCode)), new("channel", ProfileValue.Of(row.Channel)), new("history_segment", ProfileValue.Of(row.HistorySegment)),
        ]);
        f.Counter("recency, history, mens, womens, newbie", "numeric profile attributes").Add();
        f.Counter("zip_code, channel, history_segment", "categorical profile attributes").Add();
    }

    private sealed record Columns(CsvHeader Header)
    {
        public int Recency { get; } = Header.Index("recency");
        public int HistorySegment { get; } = Header.Index("history_segment");
        public int History { get; } = Header.Index("history");
        public int Mens { get; } = Header.Index("mens");
        public int Womens { get; } = Header.Index("womens");
        public int ZipCode { get; } = Header.Index("zip_code");
        public int Newbie { get; } = Header.Index("newbie");
        public int Channel { get; } = Header.Index("channel");
        public int Segment { get; } = Header.Index("segment");
        public int Visit { get; } = Header.Index("visit");
        public int Conversion { get; } = Header.Index("conversion");
        public int Spend { get; } = Header.Index("spend");
    }

    private sealed record Row(
        double Recency, string HistorySegment, double History, double Mens, double Womens, string ZipCode, double Newbie, string Channel,
        int Segment, bool Visit, bool Conversion, double Spend)
    {
        public static Row? Parse(IReadOnlyList<string> r, Columns c, out string? problemFound)
        {
            problemFound = null;
            string? problem = null;
            var segment = Array.IndexOf(Segments, r[c.Segment]);
            if (segment < 0)
            {
                problemFound = $"segment: expected one of \"{string.Join("\", \"", Segments)}\", found \"{r[c.Segment]}\"";
                return null;
            }

            double Number(int i, string name, bool flag)
            {
                if (problem is null && (!double.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0 || (flag && v is not (0 or 1))))
                {
                    problem = $"{name}: expected {(flag ? "0 or 1" : "a number ≥ 0")}, found \"{r[i]}\"";
                }

                return problem is null ? double.Parse(r[i], CultureInfo.InvariantCulture) : 0;
            }

            string Text(int i, string name)
            {
                if (problem is null && string.IsNullOrWhiteSpace(r[i]))
                {
                    problem = $"{name}: expected a value, found an empty one";
                }

                return r[i];
            }

            var row = new Row(
                Number(c.Recency, "recency", false), Text(c.HistorySegment, "history_segment"), Number(c.History, "history", false),
                Number(c.Mens, "mens", true), Number(c.Womens, "womens", true), Text(c.ZipCode, "zip_code"), Number(c.Newbie, "newbie", true),
                Text(c.Channel, "channel"), segment, Number(c.Visit, "visit", true) == 1, Number(c.Conversion, "conversion", true) == 1,
                Number(c.Spend, "spend", false));
            problemFound = problem;
            return problem is null ? row : null;
        }
    }
}
