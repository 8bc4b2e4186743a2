// A data folder N times the size of another, for measuring training at scale when generating the world is too slow
// on shared cores (the 1,000,000-user world generates at about 31,000 events/s on the loaded 2 cores: 45 minutes and
// more). Copy k of every user gets the user id USER-rK and every event id EVENT-rK, so the copies are N distinct
// populations with the source's statistics, each copy's events stay grouped by user, and nothing is a duplicate.
// Properties (and the decision ids in them) are kept as they are: training reads a decision id only to look up the
// oracle, which is not copied. Profiles are written undated (ProfileParquetWriter), as `generate` writes them.
//
// Usage (after `dotnet build src/Recommender.Cli -c Release`):
//   dotnet fsi benchmarks/training/replicate-world.fsx SOURCE_DATA COPIES OUT_DATA
// writes OUT_DATA/events/part-K.parquet (one file per copy), OUT_DATA/profiles.parquet and OUT_DATA/catalog.json.
#r "../../src/Recommender.Cli/bin/Release/net10.0/Parquet.dll"
#r "../../src/Recommender.Cli/bin/Release/net10.0/Recommender.Core.dll"
#r "../../src/Recommender.Cli/bin/Release/net10.0/Recommender.Data.dll"
open System
open System.IO
open System.Globalization
open Recommender.Core.Events
open Recommender.Data.Events
open Recommender.Core.Profiles
open Recommender.Data.Profiles

let source, copies, out = fsi.CommandLineArgs.[1], Int32.Parse(fsi.CommandLineArgs.[2], CultureInfo.InvariantCulture), fsi.CommandLineArgs.[3]
if copies < 1 then failwithf "COPIES must be at least 1 (got %d)" copies
let eventsIn = if File.Exists(Path.Combine(source, "events.parquet")) then Path.Combine(source, "events.parquet") else Path.Combine(source, "events")
Directory.CreateDirectory(Path.Combine(out, "events")) |> ignore
File.Copy(Path.Combine(source, "catalog.json"), Path.Combine(out, "catalog.json"), true)

// The source's events, read once.
let events = ResizeArray<UserEvent>()
let reader = EventParquetReader.ReadAsync(eventsIn, null, Threading.CancellationToken.None).GetAsyncEnumerator()
while reader.MoveNextAsync().AsTask().Result do
    events.AddRange(reader.Current.Events)
printfn "read %d events" events.Count

for k in 0 .. copies - 1 do
    let suffix = sprintf "-r%d" k
    let writer = EventParquetWriter.CreateAsync(Path.Combine(out, "events", sprintf "part-%03d.parquet" k), 100_000, Threading.CancellationToken.None).Result
    for e in events do
        writer.WriteAsync(UserEvent(e.EventId + suffix, e.UserId + suffix, e.Timestamp, e.EventType, e.MessageId, e.Value, e.Properties), Threading.CancellationToken.None).AsTask().Wait()
    writer.DisposeAsync().AsTask().Wait()
    printfn "wrote copy %d" k

let profiles = ProfileParquetReader.ReadAsync(Path.Combine(source, "profiles.parquet"), null, Threading.CancellationToken.None).Result
if profiles |> Seq.exists (fun p -> p.Updates.Count > 0) then failwith "the source has dated profile rows, which this script does not copy"
ProfileParquetWriter.WriteAsync(
    Path.Combine(out, "profiles.parquet"),
    seq {
        for k in 0 .. copies - 1 do
            for p in profiles ->
                UserProfile(p.UserId + sprintf "-r%d" k, p.SignupAt, p.Country, p.Timezone, p.CompanySize, p.Plan, Numeric = p.Numeric, Categorical = p.Categorical)
    },
    Threading.CancellationToken.None).Wait()
printfn "wrote %d profiles" (profiles.Count * copies)
