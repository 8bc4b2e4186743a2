// 01-explore-data: what a data folder holds before any model sees it. Event types and how often they occur, sends per
// user per week against the contact policy's caps, opens, clicks and unsubscribes per message, support tickets and
// knowledge-base visits, and how often each message's goal follows a send compared with a held-out decision (the
// control group), which is the difference the models learn.
//
// Run it from the repository root (the first run builds for a minute or so, later runs take seconds):
//   dotnet run -c Release notebooks/01-explore-data.cs -- --data data-samples
// It writes notebooks/rendered/01-explore-data.md and its charts in notebooks/rendered/01-explore-data/
// (--out DIR writes them elsewhere). It reads the data through Recommender.Data, the readers every job uses, so a
// folder that breaks the data contract fails here with the same message as `recommender validate`.
#:project ../src/Recommender.Data/Recommender.Data.csproj
#:project Recommender.Notebooks/Recommender.Notebooks.csproj
// File-based apps default to native AOT, whose trimming analysers flag reflection, and the repository turns warnings
// into errors (Directory.Build.props): notebooks are run, never published, so AOT is off.
#:property PublishAot=false

using System.Diagnostics;
using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Notebooks;
using ScottPlot;

return await Notebook.RunAsync("01-explore-data", args, async nb =>
{
    var page = nb.Page;
    var read = Stopwatch.StartNew();
    var folder = DataFolder.Open(nb.Data);
    var catalog = CatalogJson.Load(folder.CatalogPath);
    var profiles = (await ProfileParquetReader.ReadAsync(folder.ProfilesPath)).ToDictionary(p => p.UserId, StringComparer.Ordinal);

    // One list per user in time order: the outcome windows below walk each user's events forward from a decision.
    // The readers validate every row and drop repeated event ids, as every job does.
    var byUser = new Dictionary<string, List<UserEvent>>(StringComparer.Ordinal);
    var summary = new EventReadOptions();
    await foreach (var batch in EventParquetReader.ReadAsync(folder.EventsPath, summary))
    {
        foreach (var e in batch.Events)
        {
            if (!byUser.TryGetValue(e.UserId, out var list))
            {
                byUser[e.UserId] = list = [];
            }

            list.Add(e);
        }
    }

    foreach (var list in byUser.Values)
    {
        // Stable: events of one instant keep their file order, as the fold applies them.
        var sorted = list.OrderBy(e => e.Timestamp).ToList();
        list.Clear();
        list.AddRange(sorted);
    }

    var users = byUser.Keys.Order(StringComparer.Ordinal).ToArray();
    var all = users.SelectMany(u => byUser[u]).ToArray();
    var first = all.Min(e => e.Timestamp);
    var last = all.Max(e => e.Timestamp);
    var start = first.Date;
    var days = (int)Math.Ceiling((last - start).TotalDays);
    read.Stop();

    page.Heading("Exploring the data", 1);
    page.Text($"""
        What the data folder `{nb.DataLabel}` holds before any model sees it: which events occur and how often, how many
        messages users get in a week, how they react to each message, their support tickets and knowledge-base visits, and
        how often a message's goal follows a send compared with a decision held out as control. Reproduce this page with:
        """);
    page.Code($"dotnet run -c Release notebooks/{nb.Name}.cs -- --data {nb.DataLabel}");
    page.Table(["", "value"],
    [
        ["users with events", Fmt.N(users.Length)],
        ["profiles", Fmt.N(profiles.Count)],
        ["events (valid, duplicates removed)", Fmt.N(all.Length)],
        ["repeated event ids skipped", Fmt.N(summary.Summary.DuplicatesSkipped)],
        ["first event", Fmt.T(first)],
        ["last event", Fmt.T(last)],
        ["messages in the catalog", Fmt.N(catalog.Messages.Count)],
    ]);
    page.Timing($"Reading the folder took {read.Elapsed.TotalSeconds:F1} s.");

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("Event types");
    static string Kind(string type) => type switch
    {
        EventTypes.MessageSent or EventTypes.MessageOpened or EventTypes.MessageClicked => "message",
        EventTypes.Unsubscribed or EventTypes.Resubscribed or EventTypes.Complained => "opt-out",
        EventTypes.TicketOpened or EventTypes.TicketClosed or EventTypes.KbArticleViewed => "support",
        EventTypes.DecisionNoSend => "decision",
        _ => "product",
    };
    var types = all.GroupBy(e => e.EventType)
        .Select(g => (Type: g.Key, Events: g.LongCount(), Users: g.Select(e => e.UserId).Distinct().LongCount()))
        .OrderByDescending(t => t.Events).ThenBy(t => t.Type, StringComparer.Ordinal)
        .ToArray();
    page.Text($"""
        {types.Length} event types. Product actions come from the product itself; the rest are reserved by the data
        contract ([docs/data-contract.md](../../docs/data-contract.md)): messages and reactions, opt-outs, support, and
        `decision_no_send`, a logged decision to send nothing (the control arm).
        """);
    page.Table(["event type", "kind", "events", "share", "users", "share of users"],
        types.Select(t => (IReadOnlyList<string>)[$"`{t.Type}`", Kind(t.Type), Fmt.N(t.Events), Fmt.P((double)t.Events / all.Length, 2), Fmt.N(t.Users), Fmt.P((double)t.Users / users.Length)]),
        "llrrrr");
    page.Chart("event-types",
        Plots.Bars("Events per type", "events", [.. types.Select(t => t.Type)], [.. types.Select(t => (double)t.Events)], horizontal: true),
        "Horizontal bars: number of events per event type, most frequent first", height: 60 + 22 * types.Length);

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("Sends per user per week");
    // Weeks are counted from the first day of the log; a user's weeks start with the first whole week after signup,
    // and only whole weeks inside the log count, so a user who signed up on a Friday adds no half-empty week. Each
    // such week is a seven-day window, so the policy's weekly caps bound it, except for the messages it lets bypass them.
    var weeks = days / 7;
    var bypass = catalog.Messages.Where(m => m.Category == MessageCategory.Transactional && catalog.Policy.TransactionalBypassesCaps)
        .Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
    var sendsPerWeek = new List<(int All, int Capped)>();
    foreach (var user in users)
    {
        var signup = (profiles.TryGetValue(user, out var p) ? p.SignupAt : null) ?? byUser[user][0].Timestamp;
        var counts = new (int All, int Capped)[weeks];
        foreach (var e in byUser[user])
        {
            var w = (int)((e.Timestamp - start).TotalDays / 7);
            if (e.EventType == EventTypes.MessageSent && w < weeks)
            {
                counts[w] = (counts[w].All + 1, counts[w].Capped + (bypass.Contains(e.MessageId!) ? 0 : 1));
            }
        }

        var firstWeek = Math.Max(0, (int)Math.Ceiling((signup - start).TotalDays / 7));
        sendsPerWeek.AddRange(counts[Math.Min(firstWeek, weeks)..]);
    }

    var maxSends = sendsPerWeek.Count == 0 ? 0 : sendsPerWeek.Max(s => s.All);
    var histogram = Enumerable.Range(0, maxSends + 1)
        .Select(k => (All: sendsPerWeek.Count(s => s.All == k), Capped: sendsPerWeek.Count(s => s.Capped == k)))
        .ToArray();
    var caps = catalog.Policy;
    var weekCaps = caps.ChannelCaps.Where(c => c.Value.PerWeek is not null).Select(c => $"{c.Value.PerWeek} by {c.Key}")
        .Concat(caps.CategoryCaps.Where(c => c.Value.PerWeek is not null).Select(c => $"{c.Value.PerWeek} {c.Key.ToString().ToLowerInvariant()}"));
    page.Text($"""
        {Fmt.N(sendsPerWeek.Count)} whole user-weeks (from each user's first whole week after signup to the last whole week
        of the log), {Fmt.N(sendsPerWeek.Average(s => s.All), 2)} sends per user-week on average. The contact policy allows
        {caps.Overall.PerWeek?.ToString() ?? "any number of"} messages in any seven days ({string.Join(", ", weekCaps)}),
        {(bypass.Count == 0 ? "for every message" : $"except {string.Join(", ", bypass.Order(StringComparer.Ordinal).Select(id => $"`{id}`"))}, which bypasses the caps")}.
        {(caps.Overall.PerWeek is { } cap && sendsPerWeek.Count(s => s.Capped > cap) is var over and > 0
            ? $"Yet {Fmt.N(over)} user-weeks ({Fmt.P((double)over / sendsPerWeek.Count)}) hold more than {cap} capped messages: the system that wrote this log did not apply the catalog's caps (by design in the synthetic world, whose logging policy knows nothing of caps, fatigue or support situations so that its log shows their damage). The decision engine applies them from its first decision."
            : "No user-week holds more capped messages than the overall cap allows.")}
        """);
    page.Table(["sends in the week", "user-weeks", "share", "user-weeks, capped messages only", "share"],
        histogram.Select((n, k) => (IReadOnlyList<string>)[k.ToString(), Fmt.N(n.All), Fmt.P((double)n.All / sendsPerWeek.Count), Fmt.N(n.Capped), Fmt.P((double)n.Capped / sendsPerWeek.Count)]));
    page.Chart("sends-per-week",
        Plots.Bars("Sends per user per week", "share of user-weeks", [.. histogram.Select((_, k) => k.ToString())],
        [
            ("all messages", [.. histogram.Select(n => (double)n.All / sendsPerWeek.Count)]),
            ("capped messages only", [.. histogram.Select(n => (double)n.Capped / sendsPerWeek.Count)]),
        ]),
        "Grouped bars: share of user-weeks with 0, 1, 2 and more sends, all messages and capped messages only", height: 360);

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("Reactions per message");
    // A send's reactions are the opens and clicks of the same message before that message's next send to the user; an
    // opt-out is credited to the user's latest send within the policy's fatigue window, the horizon of the fatigue
    // model's label (an unsubscribe carries no message id).
    var fatigueWindow = TimeSpan.FromHours(catalog.Policy.FatigueWindowHours);
    var perMessage = catalog.Messages.ToDictionary(m => m.Id, _ => new Reactions(), StringComparer.Ordinal);
    foreach (var user in users)
    {
        var events = byUser[user];
        int? lastSend = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.EventType == EventTypes.MessageSent && perMessage.TryGetValue(e.MessageId!, out var r))
            {
                r.Sends++;
                bool opened = false, clicked = false;
                for (var j = i + 1; j < events.Count; j++)
                {
                    var next = events[j];
                    if (next.MessageId != e.MessageId)
                    {
                        continue;
                    }

                    if (next.EventType == EventTypes.MessageSent)
                    {
                        break;
                    }

                    opened |= next.EventType == EventTypes.MessageOpened;
                    clicked |= next.EventType == EventTypes.MessageClicked;
                }

                r.Opened += opened ? 1 : 0;
                r.Clicked += clicked ? 1 : 0;
                lastSend = i;
            }
            else if (e.EventType is EventTypes.Unsubscribed or EventTypes.Complained && lastSend is { } s && e.Timestamp - events[s].Timestamp <= fatigueWindow)
            {
                var r2 = perMessage[events[s].MessageId!];
                if (e.EventType == EventTypes.Unsubscribed)
                {
                    r2.Unsubscribes++;
                }
                else
                {
                    r2.Complaints++;
                }
            }
        }
    }

    var messages = catalog.Messages.Where(m => perMessage[m.Id].Sends > 0).ToArray();
    var totalSends = messages.Sum(m => perMessage[m.Id].Sends);
    page.Text($"""
        {Fmt.N(totalSends)} sends of {messages.Length} messages. A send counts as opened or clicked when the same message
        is opened or clicked before it is sent to the user again; an unsubscribe or complaint is credited to the user's
        latest send within the fatigue window ({catalog.Policy.FatigueWindowHours:0} h), which is the fatigue model's label.
        """);
    page.Table(["message", "category", "channel", "sends", "opened", "clicked", "unsubscribes per 1,000 sends", "complaints per 1,000 sends"],
        messages.Select(m =>
        {
            var r = perMessage[m.Id];
            return (IReadOnlyList<string>)[$"`{m.Id}`", m.Category.ToString().ToLowerInvariant(), m.Channel, Fmt.N(r.Sends), Fmt.P(r.OpenRate), Fmt.P(r.ClickRate),
                Fmt.N(1000.0 * r.Unsubscribes / r.Sends, 1), Fmt.N(1000.0 * r.Complaints / r.Sends, 1)];
        }),
        "lllrrrrr");
    page.Chart("reactions",
        Plots.Bars("Opens and clicks per send", "share of sends", [.. messages.Select(m => m.Id)],
        [
            ("opened", [.. messages.Select(m => perMessage[m.Id].OpenRate)]),
            ("clicked", [.. messages.Select(m => perMessage[m.Id].ClickRate)]),
        ]),
        "Grouped bars: share of sends opened and clicked, per message", width: 760, height: 440);
    page.Chart("unsubscribes",
        Plots.Bars("Opt-outs within the fatigue window", "per 1,000 sends", [.. messages.Select(m => m.Id)],
        [
            ("unsubscribes", [.. messages.Select(m => 1000.0 * perMessage[m.Id].Unsubscribes / perMessage[m.Id].Sends)]),
            ("complaints", [.. messages.Select(m => 1000.0 * perMessage[m.Id].Complaints / perMessage[m.Id].Sends)]),
        ], horizontal: true),
        "Horizontal grouped bars: unsubscribes and complaints per 1,000 sends, per message", width: 760, height: 60 + 30 * messages.Length);

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("Support tickets and the knowledge base");
    // Tickets pair by ticket_id; the hard rules suppress marketing and engagement messages while one is open.
    var tickets = new List<(string User, DateTime Opened, DateTime? Closed, bool KbBefore)>();
    long kbViews = 0;
    var kbUsers = new HashSet<string>(StringComparer.Ordinal);
    var duringTicketByCategory = new SortedDictionary<string, long>(StringComparer.Ordinal);
    long sendsDuringTicket = 0, optOutsDuringTicket = 0, sendsOtherwise = 0, optOutsOtherwise = 0;
    foreach (var user in users)
    {
        var events = byUser[user];
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            switch (e.EventType)
            {
                case EventTypes.TicketOpened:
                    var kb = events.Take(i).Any(x => x.EventType == EventTypes.KbArticleViewed && e.Timestamp - x.Timestamp <= TimeSpan.FromDays(1));
                    open[EventPropertyReader.GetString(e.Properties, EventProperties.TicketId) ?? e.EventId] = tickets.Count;
                    tickets.Add((user, e.Timestamp, null, kb));
                    break;
                case EventTypes.TicketClosed when EventPropertyReader.GetString(e.Properties, EventProperties.TicketId) is { } id && open.Remove(id, out var k):
                    tickets[k] = tickets[k] with { Closed = e.Timestamp };
                    break;
                case EventTypes.KbArticleViewed:
                    kbViews++;
                    kbUsers.Add(user);
                    break;
                case EventTypes.MessageSent:
                    // Did the user opt out within the fatigue window of this send, and was a ticket open when it went out?
                    var optOut = events.Skip(i + 1).TakeWhile(x => x.Timestamp - e.Timestamp <= fatigueWindow)
                        .Any(x => x.EventType is EventTypes.Unsubscribed or EventTypes.Complained);
                    if (open.Count > 0)
                    {
                        var category = catalog.Find(e.MessageId)?.Category.ToString().ToLowerInvariant() ?? "not in the catalog";
                        duringTicketByCategory[category] = duringTicketByCategory.GetValueOrDefault(category) + 1;
                        sendsDuringTicket++;
                        optOutsDuringTicket += optOut ? 1 : 0;
                    }
                    else
                    {
                        sendsOtherwise++;
                        optOutsOtherwise += optOut ? 1 : 0;
                    }

                    break;
            }
        }
    }

    var closed = tickets.Where(t => t.Closed is not null).Select(t => (t.Closed!.Value - t.Opened).TotalHours).Order().ToArray();
    page.Table(["", "value"],
    [
        ["tickets opened", Fmt.N(tickets.Count)],
        ["users with a ticket", $"{Fmt.N(tickets.Select(t => t.User).Distinct().Count())} ({Fmt.P((double)tickets.Select(t => t.User).Distinct().Count() / users.Length)})"],
        ["tickets closed within the log", $"{Fmt.N(closed.Length)} ({Fmt.P((double)closed.Length / Math.Max(1, tickets.Count))})"],
        ["median hours to close", closed.Length == 0 ? "–" : Fmt.N(closed[closed.Length / 2], 1)],
        ["tickets opened within a day after a knowledge-base visit", $"{Fmt.N(tickets.Count(t => t.KbBefore))} ({Fmt.P((double)tickets.Count(t => t.KbBefore) / Math.Max(1, tickets.Count))})"],
        ["knowledge-base visits", Fmt.N(kbViews)],
        ["users who visited the knowledge base", $"{Fmt.N(kbUsers.Count)} ({Fmt.P((double)kbUsers.Count / users.Length)})"],
        ["sends while a ticket was open", Fmt.N(sendsDuringTicket)],
    ]);
    var support = catalog.Policy.Support;
    page.Text($"""
        The policy {(support.SuppressOnOpenTicket ? $"holds back {string.Join(" and ", support.SuppressedCategories.Select(c => c.ToString().ToLowerInvariant()))} messages while a ticket is open" : "sends whatever tickets are open")}.
        The sends that went out during an open ticket were, by category:
        {string.Join(", ", duringTicketByCategory.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {Fmt.N(c.Value)}"))};
        those of a held-back category are sends the decision engine would not have made. Users opted out within the fatigue
        window after {Fmt.P((double)optOutsDuringTicket / Math.Max(1, sendsDuringTicket))} of the sends during a ticket against
        {Fmt.P((double)optOutsOtherwise / Math.Max(1, sendsOtherwise))} of the others.
        """);
    var perDay = Enumerable.Range(0, days).Select(d => start.AddDays(d)).ToArray();
    double[] Daily(string type) => [.. perDay.Select(d => (double)all.Count(e => e.EventType == type && e.Timestamp.Date == d))];
    var dayIndex = perDay.Select((_, i) => (double)i).ToArray();
    var activity = Plots.New("Support activity per day", $"days since {Fmt.D(start)}", "events");
    foreach (var (type, label) in new[] { (EventTypes.TicketOpened, "tickets opened"), (EventTypes.TicketClosed, "tickets closed"), (EventTypes.KbArticleViewed, "knowledge-base visits") })
    {
        var line = activity.Add.ScatterLine(dayIndex, Daily(type));
        line.LegendText = label;
    }

    activity.ShowLegend(Alignment.UpperLeft);
    page.Chart("support-per-day", activity, "Lines: tickets opened, tickets closed and knowledge-base visits per day", width: 760, height: 360);

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("How goals follow sends, with and without control");
    // Exactly the training label (Recommender.Core.Events.OutcomeWindow): a decision earns its message's goal within
    // the goal window, cut at the user's next decision (send or hold-out) for a message with the same goal event.
    var outcomes = catalog.Messages.ToDictionary(m => m.Id, _ => new Outcomes(), StringComparer.Ordinal);
    foreach (var user in users)
    {
        var events = byUser[user];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.EventType is not (EventTypes.MessageSent or EventTypes.DecisionNoSend) || catalog.Find(e.MessageId) is not { } m)
            {
                continue;
            }

            DateTime? next = null;
            for (var j = i + 1; j < events.Count; j++)
            {
                if (events[j].EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend && catalog.Find(events[j].MessageId)?.GoalEvent == m.GoalEvent)
                {
                    next = events[j].Timestamp;
                    break;
                }
            }

            var goal = OutcomeWindow.Happens(events, i, OutcomeWindow.End(e.Timestamp, m.GoalWindowHours, next), m.GoalEvent);
            outcomes[m.Id].Add(e.EventType == EventTypes.MessageSent, goal);
        }
    }

    var compared = catalog.Messages.Where(m => outcomes[m.Id].Sent.Rows > 0).ToArray();
    var controls = compared.Sum(m => outcomes[m.Id].Held.Rows);
    page.Text($"""
        Each send and each held-out decision (`decision_no_send`, {Fmt.N(controls)} of them) is followed to its message's
        goal within the goal window, cut at the user's next decision for the same goal: the label `train` learns from. The
        goal rate after sends alone is what a response-rate dashboard reports; it credits the message with goals users
        would have reached anyway. Only the difference from the held-out decisions, drawn at random by the logging policy,
        estimates what the message adds (its uplift), with a 95 % interval (normal approximation). The models estimate the
        same difference per user.
        """);
    page.Table(["message", "goal event", "sends", "goal after a send", "held out", "goal after a hold-out", "difference (95 % interval)"],
        compared.Select(m =>
        {
            var o = outcomes[m.Id];
            var (diff, low, high) = o.Difference();
            return (IReadOnlyList<string>)[$"`{m.Id}`", $"`{m.GoalEvent}`", Fmt.N(o.Sent.Rows), Fmt.P(o.Sent.Rate), Fmt.N(o.Held.Rows),
                o.Held.Rows == 0 ? "–" : Fmt.P(o.Held.Rate), o.Held.Rows == 0 ? "no control" : $"{Fmt.N(diff * 100, 1)} points ({Fmt.N(low * 100, 1)} to {Fmt.N(high * 100, 1)})"];
        }),
        "llrrrrr");
    var withControl = compared.Where(m => outcomes[m.Id].Held.Rows > 0).ToArray();
    var uplift = Plots.New("Goal rate after a send minus after a hold-out", "", "difference (percentage points)");
    var xs = withControl.Select((_, i) => (double)i).ToArray();
    var ys = withControl.Select(m => outcomes[m.Id].Difference().Diff * 100).ToArray();
    var dots = uplift.Add.Scatter(xs, ys);
    dots.LineWidth = 0;
    dots.MarkerSize = 8;
    var errors = uplift.Add.ErrorBar(xs, ys, [.. withControl.Select(m => (outcomes[m.Id].Difference().Diff - outcomes[m.Id].Difference().Low) * 100)]);
    errors.Color = dots.Color;
    var response = uplift.Add.Scatter(xs, [.. withControl.Select(m => outcomes[m.Id].Sent.Rate * 100)]);
    response.LineWidth = 0;
    response.MarkerShape = MarkerShape.OpenCircle;
    response.MarkerSize = 7;
    response.LegendText = "goal rate after a send (what sends alone show)";
    dots.LegendText = "difference from hold-outs, 95 % interval";
    var zero = uplift.Add.HorizontalLine(0);
    zero.Color = Colors.Gray;
    zero.LinePattern = LinePattern.Dashed;
    Plots.CategoryTicks(uplift, xs, [.. withControl.Select(m => m.Id)]);
    uplift.ShowLegend(Alignment.UpperRight);
    page.Chart("goals-with-and-without-control", uplift,
        "Dots with error bars: goal rate after a send minus after a hold-out per message; open circles: the goal rate after a send alone", width: 760, height: 460);
});

/// <summary>One message's sends and what followed them.</summary>
internal sealed class Reactions
{
    public long Sends;
    public long Opened;
    public long Clicked;
    public long Unsubscribes;
    public long Complaints;

    public double OpenRate => Sends == 0 ? double.NaN : (double)Opened / Sends;

    public double ClickRate => Sends == 0 ? double.NaN : (double)Clicked / Sends;
}

/// <summary>Goal counts after one message's sends and after its held-out decisions.</summary>
internal sealed class Outcomes
{
    public (long Rows, long Goals, double Rate) Sent => (_sent, _sentGoals, _sent == 0 ? double.NaN : (double)_sentGoals / _sent);

    public (long Rows, long Goals, double Rate) Held => (_held, _heldGoals, _held == 0 ? double.NaN : (double)_heldGoals / _held);

    private long _sent, _sentGoals, _held, _heldGoals;

    public void Add(bool sent, bool goal)
    {
        if (sent)
        {
            _sent++;
            _sentGoals += goal ? 1 : 0;
        }
        else
        {
            _held++;
            _heldGoals += goal ? 1 : 0;
        }
    }

    /// <summary>Rate after sends minus rate after hold-outs, with a 95 % Wald interval for a difference of proportions.</summary>
    public (double Diff, double Low, double High) Difference()
    {
        var (ps, pc) = (Sent.Rate, Held.Rate);
        var diff = ps - pc;
        var se = Math.Sqrt(ps * (1 - ps) / _sent + pc * (1 - pc) / _held);
        return (diff, diff - 1.96 * se, diff + 1.96 * se);
    }
}
