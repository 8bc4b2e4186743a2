// How much of the fatigue model's gap to the oracle is the world's hidden per-user unsubscribe offset?
// Writes a copy of a generated data folder whose profiles carry that hidden offset as an extra numeric column
// (`hidden_unsubscribe_logit`, which `train` then uses as a feature), so that training on it shows what the same
// learner reaches when it is told what the log does not reveal. A diagnostic behind docs/results.md, not a product feature.
//
// Usage (after `dotnet build src/Recommender.Cli -c Release` and
//        `recommender generate --users 20000 --days 90 --seed 7 --oracle --out /tmp/gen20k`):
//   dotnet fsi scripts/fatigue-ceiling.fsx 20000 90 7 /tmp/gen20k /tmp/gen20k-trait
//   dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll train --data /tmp/gen20k-trait --out /tmp/model20k-trait --seed 7
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Core.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Data.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Recommender.Simulation.dll"
#r "../src/Recommender.Cli/bin/Release/net10.0/Parquet.dll"
open System.IO
open Recommender.Simulation

let args = fsi.CommandLineArgs
let users, days, seed, source, target = int args.[1], int args.[2], uint64 args.[3], args.[4], args.[5]
Directory.CreateDirectory target |> ignore
for file in [ "events.parquet"; "catalog.json"; "oracle.parquet" ] do
    File.Copy(Path.Combine(source, file), Path.Combine(target, file), true)

// The same world as `generate` with these arguments: same users, same hidden traits.
let generator = WorldGenerator(WorldOptions(Users = users, Days = days, Seed = seed), SyntheticCatalog.Create())
let profiles =
    generator.Generate()
    |> Seq.collect (fun block -> block.Users)
    |> Seq.map (fun user ->
        let numeric = System.Collections.Generic.Dictionary<string, float>()
        for pair in user.Profile.Numeric do numeric.[pair.Key] <- pair.Value
        numeric.["hidden_unsubscribe_logit"] <- user.Traits.UnsubscribeLogit
        let p = user.Profile
        Recommender.Core.Profiles.UserProfile(p.UserId, p.SignupAt, p.Country, p.Timezone, p.CompanySize, p.Plan, Numeric = numeric, Categorical = p.Categorical))
    |> Seq.toArray
Recommender.Data.ProfileParquetWriter.WriteAsync(Path.Combine(target, "profiles.parquet"), profiles).Wait()
printfn "wrote %s: %d profiles with hidden_unsubscribe_logit" target profiles.Length
