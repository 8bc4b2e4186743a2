// 05-ask-the-api: the inference API from a caller's side. Starts the API in this process (ApiHost, the host
// `recommender serve` runs) on a free loopback port, with a temporary SQLite store bootstrapped from the data folder
// and the bundle models/sample, then follows one user through a week: asks for a decision, posts what the user does
// (a support ticket opened and closed, the goal of the message reached, an unsubscribe) and asks again, showing how
// the answer and its suppressions change; it also asks twice within an hour and at night. Stops the API at the end.
//
// Run it from the repository root (the first run builds for a minute or so; the run itself takes about 20 seconds,
// most of it loading the data folder into the store):
//   dotnet run -c Release notebooks/05-ask-the-api.cs -- --data data-samples --model models/sample
// It writes notebooks/rendered/05-ask-the-api.md (--out DIR writes it elsewhere). --user picks the user (default: the
// first user, in id order, who is subscribed, has no open ticket, has created a project and not yet invited anyone).
#:project ../src/Recommender.Api/Recommender.Api.csproj
#:project Recommender.Notebooks/Recommender.Notebooks.csproj
// File-based apps default to native AOT, whose trimming analysers flag reflection, and the repository turns warnings
// into errors (Directory.Build.props): notebooks are run, never published, so AOT is off.
#:property PublishAot=false

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recommender.Api;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Notebooks;

return await Notebook.RunAsync("05-ask-the-api", args,
    [
        new("--model", "models/sample", "the bundle the API serves", IsPath: true),
        new("--user", "", "the user to follow (default: chosen from the data, see the page)"),
    ],
    async nb =>
{
    var page = nb.Page;
    var folder = DataFolder.Open(nb.Data);
    var profiles = (await ProfileParquetReader.ReadAsync(folder.ProfilesPath)).ToDictionary(p => p.UserId, StringComparer.Ordinal);
    var history = new Dictionary<string, List<UserEvent>>(StringComparer.Ordinal);
    await foreach (var batch in EventParquetReader.ReadAsync(folder.EventsPath))
    {
        foreach (var e in batch.Events)
        {
            (history.TryGetValue(e.UserId, out var list) ? list : history[e.UserId] = []).Add(e);
        }
    }

    var lastEvent = history.Values.Max(l => l.Max(e => e.Timestamp));
    string userId;
    if (nb.Text("--user") is { Length: > 0 } given)
    {
        userId = given;
    }
    else
    {
        // Someone the onboarding messages are still for, so that the week below has something to decide: subscribed,
        // no support ticket open, a project created and no teammate invited yet.
        userId = history.Keys.Order(StringComparer.Ordinal).FirstOrDefault(u =>
        {
            var types = history[u].Select(e => e.EventType).ToHashSet(StringComparer.Ordinal);
            var opened = history[u].Count(e => e.EventType == EventTypes.TicketOpened);
            var closed = history[u].Count(e => e.EventType == EventTypes.TicketClosed);
            return profiles.ContainsKey(u) && !types.Contains(EventTypes.Unsubscribed) && !types.Contains(EventTypes.Complained)
                && opened == closed && types.Contains("project_created") && !types.Contains("teammate_invited");
        }) ?? throw new InvalidOperationException($"No user in {nb.DataLabel} is subscribed, without an open ticket, with a project and no invited teammate: pass --user ID.");
    }

    var profile = profiles.GetValueOrDefault(userId) ?? throw new InvalidOperationException($"{userId} has no profile in {nb.DataLabel}.");
    // A profile without a time zone is read as UTC, as the API reads it.
    var zone = profile.Timezone is { } tz ? TimeZoneInfo.FindSystemTimeZoneById(tz) : TimeZoneInfo.Utc;

    // The catalog the API serves is the data folder's with exploration turned off: exploration draws are keyed by the
    // decision id, a fresh random id per request, so with the default 5 % a rerun could choose otherwise and this page
    // would not reproduce. Everything else (rules, caps, scores) is the catalog's own.
    var catalog = CatalogJson.Load(folder.CatalogPath);
    var catalogFile = Path.Combine(nb.Temp, "catalog.json");
    CatalogJson.Save(catalogFile, catalog with { Policy = catalog.Policy with { ExplorationRate = 0 } });
    const string apiKey = "notebook-client";
    string[] settings =
    [
        "--urls", "http://127.0.0.1:0",
        $"--Store:Connection=sqlite:{Path.Combine(nb.Temp, "state.db")}",
        $"--Bootstrap:Path={nb.Data}",
        $"--Catalog:Path={catalogFile}",
        $"--Model:Path={nb.PathOf("--model")}",
        $"--Auth:ClientKeys:0={apiKey}",
        $"--DecisionLog:Folder={Path.Combine(nb.Temp, "decision-log")}",
        "--Logging:LogLevel:Default=Warning",
    ];

    page.Heading("Asking the API", 1);
    page.Text($"""
        The inference API from a caller's side. The notebook starts the API in its own process (`ApiHost`, the host
        `recommender serve` runs) on a free loopback port, with a fresh SQLite store bootstrapped from `{nb.DataLabel}` and
        the bundle `{nb.Label("--model")}`, then follows one user through a week: it asks for a decision, posts what the
        user does, and asks again. The API is configured as `serve` configures it, with keys of the same names:
        """);
    page.Code($"""
        Auth__ClientKeys__0={apiKey} recommender serve --urls http://127.0.0.1:8080 --store sqlite:out/state.db \
          --bootstrap {nb.DataLabel} --model {nb.Label("--model")}
        """);
    page.Text($"""
        One difference: the catalog it serves is `{nb.DataLabel}/catalog.json` with `exploration_rate` 0 instead of
        {catalog.Policy.ExplorationRate:0.##}. Exploration draws are keyed by the decision id, a fresh random id per request,
        so with exploration on a rerun could answer otherwise and the page would not reproduce; without it every answer
        is the best-ranked eligible message (or nothing). Decision ids are left out for the same reason. Reproduce it with:
        """);
    page.Code($"dotnet run -c Release notebooks/{nb.Name}.cs -- --data {nb.DataLabel} --model {nb.Label("--model")}{(nb.Text("--user").Length > 0 ? $" --user {userId}" : "")}");

    var clock = Stopwatch.StartNew();
    await using var app = ApiHost.Build(settings);
    await app.StartAsync();
    var started = clock.Elapsed;
    try
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

        var user = await http.GetFromJsonAsync<JsonObject>($"/v1/users/{userId}?message_id={catalog.Messages[0].Id}") ?? throw new InvalidOperationException("No user view.");
        page.Heading($"The user: `{userId}`");
        page.Text($"""
            {(nb.Text("--user").Length > 0 ? "Chosen with --user." : "The first user, in id order, who is subscribed, has no support ticket open, has created a project and has not invited a teammate yet: someone the onboarding messages are still for.")}
            `GET /v1/users/{userId}` answers from the store the bootstrap filled:
            """);
        page.Table(["", "value"],
        [
            ["plan", profile.Plan ?? "–"],
            ["company size", profile.CompanySize?.ToString() ?? "–"],
            ["country, time zone", $"{profile.Country}, {profile.Timezone}"],
            ["signed up", profile.SignupAt is { } signedUp ? Fmt.T(signedUp) : "unknown"],
            ["events applied", Fmt.N((long)user["events_applied"]!)],
            ["last event in the data", Fmt.T(history[userId].Max(e => e.Timestamp))],
            ["messages received", Fmt.N(history[userId].Count(e => e.EventType == EventTypes.MessageSent))],
        ]);

        // The week starts on the first Monday at least two days after the data ends, in the user's own time zone, where
        // quiet hours are counted.
        var monday = DateOnly.FromDateTime(lastEvent.AddDays(2));
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(1);
        }

        DateTime At(int day, int hour, int minute = 0) =>
            TimeZoneInfo.ConvertTimeToUtc(monday.AddDays(day).ToDateTime(new TimeOnly(hour, minute)), zone);

        string? firstMessage = null;
        var eventNumber = 0;
        var summary = new List<IReadOnlyList<string>>();
        HashSet<string>? previousRules = null;

        async Task Post(string title, params (DateTime At, string Type, string? Properties)[] events)
        {
            var body = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
            {
                ["event_id"] = $"notebook-{userId}-{++eventNumber}",
                ["user_id"] = userId,
                ["timestamp"] = e.At.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["event_type"] = e.Type,
                ["properties"] = e.Properties is null ? null : JsonNode.Parse(e.Properties),
            })]);
            using var response = await http.PostAsync("/v1/events", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /v1/events answered {(int)response.StatusCode}: {answer.ToJsonString()}");
            }

            page.Text($"{title} `POST /v1/events` with {events.Length} event{(events.Length == 1 ? "" : "s")}, answered {(int)response.StatusCode}: " +
                $"{answer["applied"]} applied, {answer["duplicates"]} duplicates.");
            page.Code(body.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "json");
        }

        async Task Ask(string step, string story, DateTime asOf)
        {
            using var response = await http.PostAsJsonAsync("/v1/decisions", new JsonObject { ["user_id"] = userId, ["as_of"] = asOf.ToString("yyyy-MM-ddTHH:mm:ssZ") });
            var d = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /v1/decisions answered {(int)response.StatusCode}: {d.ToJsonString()}");
            }

            var local = TimeZoneInfo.ConvertTimeFromUtc(asOf, zone);
            var chosen = (string?)d["message_id"];
            firstMessage ??= chosen;
            var request = $"{{\"user_id\": \"{userId}\", \"as_of\": \"{asOf:yyyy-MM-ddTHH:mm:ssZ}\"}}";
            page.Text($"""
                {story} `POST /v1/decisions` with `{request}`
                ({local:dddd HH:mm} in {profile.Timezone}) answers **{(chosen is null ? "send nothing" : $"`{chosen}`")}**, reason
                `{d["reason"]}`, with probability {Fmt.F((double)d["propensity"]!, 2)}.
                """);
            var scores = d["scores"]!.AsArray().Select(s => s!).OrderByDescending(s => (int)s["tier"]!).ThenByDescending(s => (double)s["expected_value"]!).ToArray();
            if (scores.Length > 0)
            {
                page.Table(["eligible message", "tier", "P(goal | send)", "P(goal | no send)", "uplift", "P(unsubscribe)", "value", "expected value"],
                    scores.Select(s => (IReadOnlyList<string>)
                    [
                        $"`{s["message_id"]}`", s["tier"]!.ToString(), Fmt.F((double)s["p_goal_send"]!), Fmt.F((double?)s["p_goal_no_send"]), Fmt.F((double?)s["uplift"]),
                        Fmt.F((double)s["p_unsubscribe"]!), Fmt.N((double)s["value"]!, 0), Fmt.F((double)s["expected_value"]!, 3),
                    ]));
            }
            else
            {
                page.Text("No message is eligible.");
            }

            var suppressed = d["suppressed"]!.AsArray().Select(s => s!).ToArray();
            var byRule = suppressed.GroupBy(s => (string)s["rule"]!).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            var rules = byRule.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            page.Table(["suppressed by", "messages", "for example"],
                byRule.Select(g => (IReadOnlyList<string>)
                [
                    previousRules is not null && !previousRules.Contains(g.Key) ? $"**`{g.Key}`** (new)" : $"`{g.Key}`",
                    string.Join(", ", g.Select(s => (string)s["message_id"]!).Order(StringComparer.Ordinal)),
                    (string)g.First()["detail"]!,
                ]), "lll");
            summary.Add([step, $"{local:ddd HH:mm}", chosen is null ? "nothing" : $"`{chosen}`", (string)d["reason"]!,
                previousRules is null ? "–" : string.Join(", ", rules.Except(previousRules).Order(StringComparer.Ordinal).Select(r => $"+`{r}`")
                    .Concat(previousRules.Except(rules).Order(StringComparer.Ordinal).Select(r => $"−`{r}`"))) is { Length: > 0 } change ? change : "none"]);
            previousRules = rules;
        }

        page.Heading("1. Monday morning: the first question");
        await Ask("1", "Nothing new happened since the data ended.", At(0, 10));
        page.Text("""
            Hard rules removed the messages in the second table, each with its rule; the rest were scored with the bundle and
            ranked by priority tier, then expected value (`uplift × value − fatigue weight × P(unsubscribe) × unsubscribe
            cost`). A message the API chooses is recorded as sent in the user's state before the answer, so caps hold even
            if the caller asks again at once.
            """);

        page.Heading("2. An hour later: asked again");
        await Ask("2", "The caller asks again an hour later.", At(0, 11));

        page.Heading("3. Tuesday: a support ticket is opened");
        await Post("At 09:00 the user opens a support ticket:", (At(1, 9), EventTypes.TicketOpened, """{"ticket_id":"notebook-ticket"}"""));
        await Ask("3", "At 10:00:", At(1, 10));

        page.Heading("4. Wednesday: the ticket is closed and a goal is reached");
        var goalMessage = catalog.Find(firstMessage) ?? catalog.Messages.First(m => m.GoalEvent == "teammate_invited");
        await Post($"At 09:00 the ticket is closed; at 09:30 the user does `{goalMessage.GoalEvent}`, the goal of `{goalMessage.Id}`:",
            (At(2, 9), EventTypes.TicketClosed, """{"ticket_id":"notebook-ticket"}"""), (At(2, 9, 30), goalMessage.GoalEvent, null));
        await Ask("4", "At 10:00:", At(2, 10));

        page.Heading("5. Thursday night: quiet hours");
        var quiet = catalog.Policy.QuietHours;
        await Ask("5", $"The caller asks at 23:00, inside the quiet hours ({quiet?.StartHour:00}:00 to {quiet?.EndHour:00}:00 in the user's time zone).", At(3, 23));

        page.Heading("6. Friday: the user unsubscribes");
        await Post("At 09:00 the user unsubscribes from every category:", (At(4, 9), EventTypes.Unsubscribed, null));
        await Ask("6", "At 10:00:", At(4, 10));

        page.Heading("The week at a glance");
        page.Text("""
            Each answer, with the rules that began (+) or stopped (−) suppressing a message since the previous question. A
            message is listed under the first rule that removes it, so a rule that covers everything (the unsubscribe) hides
            the ones it overrides.
            """);
        page.Table(["step", "asked (local)", "answer", "reason", "rules changed"], summary, "lllll");
        page.Text("""
            The answers change only through what the user did, the clock and the API's own record of its sends: the same
            requests on the same data give the same page. Every answer was also appended to the decision log (Parquet, in
            the notebook's temporary folder), which `recommender train --decision-log DIR` reads back.
            """);
    }
    finally
    {
        await app.StopAsync();
    }

    page.Timing($"Starting the API (loading {nb.DataLabel} into the store) took {started.TotalSeconds:F1} s; the whole conversation {clock.Elapsed.TotalSeconds:F1} s.");
});
