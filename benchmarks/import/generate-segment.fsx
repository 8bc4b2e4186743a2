// A Segment-spec JSON Lines export for the import benchmark, as a CDP writes it: track calls of product events (with
// the library, IP and user-agent context every real line carries), the spec's e-mail events with a campaign_id, help-desk
// tickets, order revenue, page views (docs pages among them), identify calls with traits; about one line in a thousand
// a re-delivery of a recent line (at-least-once delivery: the same messageId), one in 100,000 cut short. Timestamps
// advance over about 80 days from 2026-01-01. Deterministic: the same count gives the same bytes.
//
// Usage: dotnet fsi benchmarks/import/generate-segment.fsx LINES OUT.jsonl
open System
open System.Globalization
open System.IO
open System.Text

let lines = Int64.Parse(fsi.CommandLineArgs.[1], CultureInfo.InvariantCulture)
let path = fsi.CommandLineArgs.[2]

// xorshift64*: a fixed sequence, whatever the runtime.
let mutable state = 0x9E3779B97F4A7C15UL
let next () =
    state <- state ^^^ (state >>> 12)
    state <- state ^^^ (state <<< 25)
    state <- state ^^^ (state >>> 27)
    state * 0x2545F4914F6CDD1DUL
let below (n: int) = int (next () % uint64 n)

let products = [| "Project Created"; "Task Created"; "Task Completed"; "Teammate Invited"; "Report Viewed"; "Integration Connected"; "Comment Added"; "File Uploaded" |]
let campaigns = [| "welcome_tour"; "invite_your_team"; "weekly_digest"; "upgrade_offer"; "integrations_guide"; "webinar_invite" |]
let emails = [| "Email Delivered"; "Email Delivered"; "Email Delivered"; "Email Opened"; "Email Opened"; "Email Link Clicked" |]
let plans = [| "free"; "free"; "pro"; "business" |]
let countries = [| "DE"; "US"; "FR"; "GB"; "BR"; "JP"; "IN" |]
let zones = [| "Europe/Berlin"; "America/New_York"; "Europe/Paris"; "Europe/London"; "America/Sao_Paulo"; "Asia/Tokyo"; "Asia/Kolkata" |]
let pages = [| "/pricing"; "/docs/getting-started"; "/docs/integrations/slack"; "/blog/roadmap"; "/docs/billing"; "/features" |]
let agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
let start = DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)

let sb = StringBuilder(1024)
let hex (n: int) =
    for _ in 1..n / 16 do sb.Append((next ()).ToString("x16", CultureInfo.InvariantCulture)) |> ignore
let instant (at: DateTime) = sb.Append(at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)) |> ignore
let user () = sb.Append("\"userId\":\"u").Append((below 1_000_000).ToString("D7", CultureInfo.InvariantCulture)).Append('"') |> ignore
let common (at: DateTime) =
    sb.Append(",\"messageId\":\"ajs-next-") |> ignore
    hex 32
    sb.Append("\",\"timestamp\":\"") |> ignore
    instant at
    sb.Append("\",\"context\":{\"library\":{\"name\":\"analytics.js\",\"version\":\"4.1.0\"},\"ip\":\"10.")
        .Append(below 256).Append('.').Append(below 256).Append('.').Append(below 256)
        .Append("\",\"userAgent\":\"").Append(agent).Append("\"},\"sentAt\":\"") |> ignore
    instant (at.AddMilliseconds(float (below 2000)))
    sb.Append("\",\"receivedAt\":\"") |> ignore
    instant (at.AddMilliseconds(float (2000 + below 3000)))
    sb.Append("\"}") |> ignore

let line (at: DateTime) =
    sb.Clear() |> ignore
    let kind = below 100
    if kind < 60 then
        let e = products.[below products.Length]
        sb.Append("{\"type\":\"track\",\"event\":\"").Append(e).Append("\",") |> ignore
        user ()
        sb.Append(",\"properties\":{\"project_id\":\"p").Append(below 5_000_000).Append("\",\"source\":\"").Append(if below 2 = 0 then "web" else "ios").Append("\"}") |> ignore
    elif kind < 75 then
        sb.Append("{\"type\":\"track\",\"event\":\"").Append(emails.[below emails.Length]).Append("\",") |> ignore
        user ()
        sb.Append(",\"properties\":{\"campaign_id\":\"").Append(campaigns.[below campaigns.Length]).Append("\",\"email_id\":\"e").Append(below 100_000_000).Append("\",\"email_subject\":\"Your week in projects\"}") |> ignore
    elif kind < 78 then
        sb.Append("{\"type\":\"track\",\"event\":\"").Append(if below 2 = 0 then "Ticket Created" else "Ticket Closed").Append("\",") |> ignore
        user ()
        sb.Append(",\"properties\":{\"ticket_id\":\"t").Append(below 1_000_000).Append("\",\"priority\":").Append(1 + below 3).Append('}') |> ignore
    elif kind < 80 then
        sb.Append("{\"type\":\"track\",\"event\":\"Order Completed\",") |> ignore
        user ()
        sb.Append(",\"properties\":{\"order_id\":\"o").Append(below 10_000_000).Append("\",\"revenue\":").Append(9 + below 400).Append(".99,\"currency\":\"EUR\"}") |> ignore
    elif kind < 95 then
        let page = pages.[below pages.Length]
        sb.Append("{\"type\":\"page\",\"name\":\"").Append(if page.StartsWith "/docs" then "Docs" else "Site").Append("\",") |> ignore
        user ()
        sb.Append(",\"properties\":{\"path\":\"").Append(page).Append("\",\"url\":\"https://example.com").Append(page).Append("\",\"referrer\":\"https://www.google.com/\"}") |> ignore
    else
        sb.Append("{\"type\":\"identify\",") |> ignore
        user ()
        let c = below countries.Length
        sb.Append(",\"traits\":{\"plan\":\"").Append(plans.[below plans.Length]).Append("\",\"createdAt\":\"") |> ignore
        instant (at.AddDays(-float (below 400)))
        sb.Append("\",\"address\":{\"country\":\"").Append(countries.[c]).Append("\"},\"timezone\":\"").Append(zones.[c])
            .Append("\",\"company\":{\"employee_count\":").Append(1 + below 500).Append("},\"industry\":\"software\",\"email\":\"someone@example.com\"}") |> ignore
    common at
    sb.ToString()

let watch = Diagnostics.Stopwatch.StartNew()
using (new StreamWriter(path, false, UTF8Encoding(false), 1 <<< 20)) (fun writer ->
    let recent = Array.zeroCreate<string> 128
    let mutable at = start
    for i in 0L .. lines - 1L do
        at <- at.AddMilliseconds(float (1 + below 1400))
        let text =
            if i % 1000L = 999L then recent.[below recent.Length]          // a re-delivery: a recent line again
            elif i % 100_000L = 50_000L then (line at).Substring(0, 40)    // a line cut short
            else
                let l = line at
                recent.[int (i % 128L)] <- l
                l
        writer.Write(text)
        writer.Write('\n'))
printfn "wrote %s: %d lines, %d bytes in %.1f s" path lines (FileInfo(path).Length) watch.Elapsed.TotalSeconds
