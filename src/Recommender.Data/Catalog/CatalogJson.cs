using System.Text.Json;
using Recommender.Core;
using Recommender.Core.Catalog;
using Recommender.Data.Validation;

namespace Recommender.Data.Catalog;

/// <summary>
/// Reads and writes <c>catalog.json</c> with the product's JSON convention (<see cref="CoreJson"/>),
/// and turns every problem, from a missing file to a day cap above the week cap, into a located issue.
/// </summary>
public static class CatalogJson
{
    /// <summary>Comments and trailing commas are allowed: the catalog is a file people edit by hand.</summary>
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A member given twice is ambiguous (the reader would keep the last); the walk below would not see it.
        AllowDuplicateProperties = false,
    };

    /// <summary>The product's convention, made as lenient as <see cref="DocumentOptions"/> about comments and commas.</summary>
    private static readonly JsonSerializerOptions ReadOptions = CreateReadOptions();

    /// <exception cref="DataValidationException">The file is missing, malformed, or breaks a rule (warnings do not throw).</exception>
    public static MessageCatalog Load(string path)
    {
        var (catalog, issues) = Read(path);
        if (catalog is null || issues.Any(i => i.Severity == IssueSeverity.Error))
        {
            throw new DataValidationException(issues);
        }

        return catalog;
    }

    public static void Save(string path, MessageCatalog catalog)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(catalog);
        File.WriteAllText(path, JsonSerializer.Serialize(catalog, CoreJson.Indented) + "\n");
    }

    /// <summary>The rule checks of a catalog already in memory; <paramref name="file"/> names it in the messages.</summary>
    public static IReadOnlyList<ValidationIssue> Validate(MessageCatalog catalog, string file)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        return new CatalogRules(file).Check(catalog);
    }

    /// <summary>The catalog (null when it could not be built) and every issue found on the way.</summary>
    internal static (MessageCatalog? Catalog, IReadOnlyList<ValidationIssue> Issues) Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            return (null, [Issue(path, null, null, "a catalog JSON file", "no file at that path")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), DocumentOptions);
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; editors count from 1.
            var at = $"line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}";
            return (null, [Issue(path, null, null, "well-formed JSON", $"a syntax error at {at}: {FirstSentence(e.Message)}")]);
        }
        catch (InvalidOperationException)
        {
            return (null, [Issue(path, null, null, "names and strings in valid Unicode", "text that is not valid Unicode")]);
        }

        using (document)
        {
            return Parse(document.RootElement, path);
        }
    }

    /// <summary>
    /// A catalog from a parsed document (a file, or a request body): the document's shape against the catalog's
    /// contract (every member of the right kind, no null where the catalog needs a value, no number beyond a double),
    /// then <see cref="Validate"/>. <paramref name="file"/> names the source in the issues.
    /// </summary>
    /// <returns>The catalog (null when it could not be built) and every issue found: a catalog with an issue of severity
    /// error must not serve.</returns>
    public static (MessageCatalog? Catalog, IReadOnlyList<ValidationIssue> Issues) Parse(JsonElement root, string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var walker = new JsonContractWalker(
            ReadOptions, (at, row, expected, found) => Issue(file, row, at.Length == 0 ? null : at, expected, found));
        try
        {
            walker.Walk(root, typeof(MessageCatalog), "", null, nullable: false);
        }
        catch (InvalidOperationException)
        {
            // A member name or string that is not valid Unicode (a lone surrogate, bytes that are not UTF-8) cannot be read as text.
            return (null, [Issue(file, null, null, "names and strings in valid Unicode", "text that is not valid Unicode")]);
        }

        if (walker.Issues.Count > 0)
        {
            return (null, walker.Issues);
        }

        MessageCatalog? catalog;
        try
        {
            catalog = root.Deserialize<MessageCatalog>(ReadOptions);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The contract walk should have caught it; keep the serializer's word rather than crash.
            var at = (e as JsonException)?.Path?.TrimStart('$').TrimStart('.');
            return (null, [Issue(file, null, string.IsNullOrEmpty(at) ? null : at, "a valid catalog", FirstSentence(e.Message))]);
        }

        if (catalog is null)
        {
            return (null, [Issue(file, null, null, "a catalog object", "null")]);
        }

        return (catalog, Validate(catalog, file));
    }

    /// <summary>Parses <paramref name="json"/> as <see cref="Read"/> parses a file (comments and trailing commas allowed, no member twice).</summary>
    public static (MessageCatalog? Catalog, IReadOnlyList<ValidationIssue> Issues) Parse(ReadOnlyMemory<byte> json, string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var at = $"line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}";
            return (null, [Issue(file, null, null, "well-formed JSON", $"a syntax error at {at}: {FirstSentence(e.Message)}")]);
        }
        catch (InvalidOperationException)
        {
            // Checking for repeated names compares them as text: a name that is not valid Unicode cannot be.
            return (null, [Issue(file, null, null, "names and strings in valid Unicode", "text that is not valid Unicode")]);
        }

        using (document)
        {
            return Parse(document.RootElement, file);
        }
    }

    private static JsonSerializerOptions CreateReadOptions()
    {
        var options = new JsonSerializerOptions(CoreJson.Options)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static ValidationIssue Issue(string file, long? row, string? at, string expected, string found) =>
        ValidationIssue.InJson(IssueSeverity.Error, file, row, at, expected, found);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
