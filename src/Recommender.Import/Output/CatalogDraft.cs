using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Data;

namespace Recommender.Import.Output;

/// <summary>
/// <c>catalog.draft.json</c>: the message ids an import found, in the catalog's shape, with the fields only the user can
/// know left blank. A real log names its campaigns but not what each one is for, so the importer cannot write a
/// catalog; it saves the user from typing hundreds of ids. Nothing reads the draft: blank fields fail validation by
/// name until they are filled and the file is renamed <c>catalog.json</c>.
/// </summary>
public static class CatalogDraft
{
    public const string FileName = DataFolder.CatalogDraftFileName;

    /// <summary>The fields left blank for the user, in the order written.</summary>
    public static IReadOnlyList<string> BlankFields { get; } = ["category", "channel", "goal_event"];

    /// <summary>Writes the draft for <paramref name="messageIds"/> (most frequent first) into <paramref name="directory"/>.</summary>
    /// <returns>The file written.</returns>
    public static string Write(string directory, IEnumerable<string> messageIds)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var messages = new JsonArray();
        foreach (var id in messageIds)
        {
            var message = new JsonObject { ["id"] = id };
            foreach (var field in BlankFields)
            {
                message[field] = "";
            }

            messages.Add(message);
        }

        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, new JsonObject { ["messages"] = messages }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    /// <summary>Deletes the draft in <paramref name="directory"/>, if there is one.</summary>
    public static void Remove(string directory) => File.Delete(Path.Combine(directory, FileName));
}
