// CPU and size per decision log row for each Parquet codec the API offers (DecisionLog:Compression).
// Rows like the API's: a 3.7 KB `scores` JSON column (17 scored candidates, shortest round-trip doubles) and a
// decision id, 10,000 rows per group, five groups per codec, each codec measured twice (the first round warms up).
// Usage: dotnet build src/Recommender.Api -c Release && dotnet fsi scripts/decision-log-codecs.fsx
#r "../src/Recommender.Api/bin/Release/net10.0/Parquet.dll"
#r "../src/Recommender.Api/bin/Release/net10.0/ZstdSharp.dll"
#r "../src/Recommender.Api/bin/Release/net10.0/Snappier.dll"
#r "../src/Recommender.Api/bin/Release/net10.0/K4os.Compression.LZ4.dll"
open System
open System.Collections.Generic
open System.IO
open Parquet
open Parquet.Schema

let rnd = Random(7)
let rows = 10000
let score () =
    let parts =
        [ for j in 0..16 ->
            sprintf "{\"message_id\":\"msg_%d\",\"tier\":1,\"p_goal_send\":%s,\"p_goal_no_send\":%s,\"uplift\":%s,\"p_unsubscribe\":%s,\"value\":%d,\"expected_value\":%s}"
                j (rnd.NextDouble().ToString("R")) (rnd.NextDouble().ToString("R")) (rnd.NextDouble().ToString("R"))
                ((rnd.NextDouble() * 0.01).ToString("R")) (rnd.Next(1, 50)) (rnd.NextDouble().ToString("R")) ]
    "[" + String.Join(",", parts) + "]"
let scores = Array.init rows (fun _ -> score ())
let ids = Array.init rows (fun _ -> Guid.NewGuid().ToString("N"))
let scoresField = DataField<string>("scores", false)
let idField = DataField<string>("decision_id", false)
let schema = ParquetSchema(scoresField :> Field, idField :> Field)

let run (codec: CompressionMethod) =
    let options = ParquetOptions(CompressionMethod = codec, CompressionLevel = System.IO.Compression.CompressionLevel.Optimal)
    let mutable size = 0L
    let watch = Diagnostics.Stopwatch.StartNew()
    for _ in 1..5 do
        use stream = new MemoryStream(64 * 1024 * 1024)
        (task {
            let! writer = ParquetWriter.CreateAsync(schema, stream, options)
            use group = writer.CreateRowGroup()
            do! group.WriteAsync(scoresField, (scores :> IReadOnlyCollection<string>))
            do! group.WriteAsync(idField, (ids :> IReadOnlyCollection<string>))
            group.CompleteValidate()
            do! writer.DisposeAsync()
        }).Wait()
        size <- stream.Length
    printfn "%-6A %5.1f us/row  %5.0f bytes/row  (raw %d)" codec (watch.Elapsed.TotalMilliseconds * 1000.0 / float (5 * rows)) (float size / float rows) (scores.[0].Length + 32)

for round in 1..2 do
    printfn "round %d" round
    for codec in [ CompressionMethod.Zstd; CompressionMethod.Snappy; CompressionMethod.None ] do run codec
