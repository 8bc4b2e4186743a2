using Recommender.Import.Output;
using Recommender.Import.Text;

namespace Recommender.Import.Segment;

/// <summary>
/// <c>recommender import segment</c>: JSON Lines in the Segment tracking spec (what Segment, RudderStack, Jitsu and
/// most CDPs export), optionally gzipped, streamed a line at a time into a data folder. <c>track</c>, <c>page</c> and
/// <c>screen</c> calls become events, <c>identify</c> calls dated profile rows (their traits hold from the call's
/// instant on); see <see cref="SegmentLineMapper"/> for the mapping. Memory is bounded whatever the input's size.
/// </summary>
public static class SegmentImporter
{
    /// <summary>File endings read from an input folder.</summary>
    public static readonly string[] Endings = [".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz"];

    /// <exception cref="FileNotFoundException">No input at the path.</exception>
    /// <exception cref="Data.Validation.DataValidationException">The catalog file breaks the contract.</exception>
    public static async Task<ImportSummary> RunAsync(SegmentImportOptions options, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = InputFiles.List(options.Input, Endings);
        var output = await ImportOutput.CreateAsync(options.Output, options.Write, ct).ConfigureAwait(false);
        await using (output.ConfigureAwait(false))
        {
            // The reading thread parses and maps; the output's writer thread encodes Parquet.
            await Task.Run(() => Import(files, options.Mapping, output, progress, ct), ct).ConfigureAwait(false);
            return await output.CompleteAsync("segment", files, catalogFile: options.Catalog, ct: ct).ConfigureAwait(false);
        }
    }

    private static void Import(IReadOnlyList<string> files, SegmentMapping mapping, ImportOutput output, IProgress<long>? progress, CancellationToken ct)
    {
        var mapper = new SegmentLineMapper(mapping, output);
        foreach (var file in files)
        {
            var index = output.BeginFile(file);
            using var lines = LineSource.Open(file);
            var first = true;
            while (lines.TryReadLine(out var line))
            {
                output.Lines++;
                if (line.IsEmpty || line.IsWhiteSpace())
                {
                    continue;
                }

                if (first)
                {
                    CheckJsonLines(line, file);
                    first = false;
                }

                mapper.Map(line, file, index, lines.LineNumber);
                if ((output.Lines & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(output.Lines);
                }
            }
        }

        progress?.Report(output.Lines);
    }

    /// <summary>
    /// A JSON array or pretty-printed JSON is not JSON Lines: each of its lines would be left out, one by one, for not
    /// being an object, and the import end with nothing. Its first line tells, so the import stops naming the conversion.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is a JSON array or an object over several lines.</exception>
    private static void CheckJsonLines(ReadOnlySpan<byte> first, string file)
    {
        var start = first.Trim(" \t"u8);
        var (found, jq) = start.StartsWith("["u8) ? ("a JSON array", "'.[]'") : start.SequenceEqual("{"u8) ? ("an object spread over several lines", ".") : default;
        if (found is not null)
        {
            throw new InvalidDataException($"{file}: expected JSON Lines (one object per line), found {found}: convert it first, e.g. jq -c {jq} {file} > FILE.jsonl");
        }
    }

    private static bool IsWhiteSpace(this ReadOnlySpan<byte> line) => line.Trim(" \t"u8).IsEmpty;
}
