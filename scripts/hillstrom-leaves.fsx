// How many leaves per tree suit the propensity (goal) model on Hillstrom, chosen without the held-out customers.
// The end-to-end test trains on the customers `import hillstrom --holdout-share 0.5` puts in train/ and values the policy
// on holdout/. This script splits train/'s customers once more (salt "nested", half and half), trains on one half with
// each leaf count and values each policy on the other half by SNIPS (visit rate), next to sending every customer the
// men's e-mail and to sending the women's e-mail to customers who bought only women's merchandise. The held-out
// customers are never read. A diagnostic behind docs/results.md ("Hillstrom"), not a product feature.
//
// Usage (after `dotnet build src/Recommender.Cli -c Release`):
//   LD_LIBRARY_PATH=src/Recommender.Cli/bin/Release/net10.0/runtimes/linux-x64/native \
//     dotnet fsi scripts/hillstrom-leaves.fsx ../shared/datasets/hillstrom/hillstrom.csv /tmp/hillstrom-leaves
// (fsi does not look for LightGBM's native library beside the referenced assemblies, hence LD_LIBRARY_PATH.)
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Core.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Data.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Decisioning.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Scoring.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Models.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Training.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Import.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Parquet.dll"
open System
open System.IO
open Recommender.Core.Features
open Recommender.Core.Randomness
open Recommender.Decisioning
open Recommender.Import.Hillstrom
open Recommender.Models
open Recommender.Training

let input, work = fsi.CommandLineArgs.[1], fsi.CommandLineArgs.[2]
Directory.CreateDirectory work |> ignore

// The customers `import hillstrom --holdout-share 0.5` writes to train/ (the importer's own rule: salt "hillstrom").
let lines = File.ReadAllLines input
let trainHalf =
    lines
    |> Array.skip 1
    |> Array.indexed
    |> Array.filter (fun (customer, _) -> StableHash.Of(sprintf "hillstrom\n%d" customer) % 1_000_000UL >= 500_000UL)
    |> Array.map snd
let trainCsv = Path.Combine(work, "train-half.csv")
File.WriteAllLines(trainCsv, Array.append [| lines.[0] |] trainHalf)
let nested = Path.Combine(work, "nested")
HillstromImporter.RunAsync(HillstromImportOptions(Input = trainCsv, Output = nested, HoldoutShare = 0.5, Salt = "nested")).Result |> ignore

let rows = trainHalf |> Array.map (fun l -> l.Split ',')
let arm (r: string[]) =
    match r.[8] with
    | "Mens E-Mail" -> HillstromCatalog.Mens
    | "Womens E-Mail" -> HillstromCatalog.Womens
    | _ -> Decision.NoSendAction
let valid = Path.Combine(nested, "holdout")
let catalog = Recommender.Data.Catalog.CatalogJson.Load(Path.Combine(valid, "catalog.json"))
let profiles = Recommender.Data.Profiles.ProfileParquetReader.ReadAsync(Path.Combine(valid, "profiles.parquet")).Result

/// SNIPS of a policy on the nested held-out customers (each arm's propensity is 1/3, so SNIPS is the mean visit of the
/// customers whose logged arm is the policy's choice), and how often it chose each action.
let value (choose: Recommender.Core.Profiles.UserProfile -> string) =
    let mutable visits, matched = 0, 0
    let chosen = Collections.Generic.SortedDictionary<string, int>()
    for p in profiles do
        let row = rows.[int (p.UserId.Substring 1)]
        let choice = choose p
        chosen.[choice] <- (match chosen.TryGetValue choice with | true, n -> n + 1 | _ -> 1)
        if arm row = choice then
            matched <- matched + 1
            if row.[9] = "1" then visits <- visits + 1
    sprintf "%.4f (%d customers) | %s" (float visits / float matched) matched (String.Join(", ", chosen |> Seq.map (fun kv -> sprintf "%s %d" kv.Key kv.Value)))

printfn "| policy | SNIPS visit rate (customers matched) | choices |"
printfn "| --- | ---: | --- |"
printfn "| men's e-mail to all | %s |" (value (fun _ -> HillstromCatalog.Mens))
printfn "| women's e-mail to women-only buyers, else men's | %s |" (value (fun p -> if p.Numeric.["mens"] = 0.0 then HillstromCatalog.Womens else HillstromCatalog.Mens))
let at = DateTime(2008, 6, 1, 0, 0, 0, DateTimeKind.Utc)
for leaves in [ 3; 4; 5; 7; 15; 31 ] do
    let bundle = Path.Combine(work, sprintf "model-%d" leaves)
    let options = TrainingOptions(ValidationDays = 28, Propensity = BoosterOptions(Iterations = 125, LearningRate = 0.12, Leaves = leaves))
    TrainingJob(options).RunAsync(Path.Combine(nested, "train"), bundle).Result |> ignore
    let schema = FeatureSchema.Create(catalog, (ModelBundle.ReadManifest bundle).FeatureSchemaOptions)
    let engine = DecisionEngine(ModelCandidateScorer(ModelBundle.Load(bundle, schema), schema))
    let decide (p: Recommender.Core.Profiles.UserProfile) =
        // Hillstrom customers have no events before their decision, so the state is empty and the instant does not matter.
        let d = engine.Decide(DecisionRequest(DecisionId = p.UserId, UserId = p.UserId, State = UserState(), Profile = p, Catalog = catalog, AsOf = at))
        defaultArg (Option.ofObj d.MessageId) Decision.NoSendAction
    printfn "| learned, %d leaves | %s |" leaves (value decide)
