using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Recommender.Core.Catalog;
using Recommender.Data.Validation;

namespace Recommender.Data.Catalog;

/// <summary>
/// Checks a JSON document against the shape the serializer expects for a type, using the serializer's own
/// contract (<see cref="JsonTypeInfo"/>), and reports every mismatch with its JSON path. The serializer itself
/// stops at the first problem with a generic message; this names the path, the bad value and the allowed ones.
/// </summary>
internal sealed class JsonContractWalker(JsonSerializerOptions options, Func<string, long?, string, string, ValidationIssue> error)
{
    private readonly List<ValidationIssue> _issues = [];

    public IReadOnlyList<ValidationIssue> Issues => _issues;

    /// <summary>Walks <paramref name="element"/> as a <paramref name="type"/>; <paramref name="row"/> is the index within a top-level list.</summary>
    public void Walk(JsonElement element, Type type, string path, long? row, bool nullable)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (!nullable && underlying is null)
            {
                Report(path, row, Describe(type), "null");
            }

            return;
        }

        type = underlying ?? type;
        if (type.IsEnum)
        {
            CheckEnum(element, type, path, row);
        }
        else if (type == typeof(string))
        {
            Expect(element, JsonValueKind.String, path, row, "a string");
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value)
                || (type == typeof(int) && value is < int.MinValue or > int.MaxValue))
            {
                Report(path, row, "a whole number", Found(element));
            }
        }
        else if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            // 1e400 is a JSON number, but reads as infinity: nothing computed from it is a number any more.
            if (Expect(element, JsonValueKind.Number, path, row, "a number")
                && !(element.TryGetDouble(out var value) && double.IsFinite(value) && (type != typeof(float) || float.IsFinite((float)value))))
            {
                Report(path, row, "a finite number", element.GetRawText());
            }
        }
        else if (type == typeof(MessageFeatureValue))
        {
            if (element.ValueKind is not (JsonValueKind.Number or JsonValueKind.String)
                || (element.ValueKind == JsonValueKind.Number && !double.IsFinite(element.GetDouble())))
            {
                Report(path, row, "a number or a string", Found(element));
            }
        }
        else if (type == typeof(bool))
        {
            if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Report(path, row, "true or false", Found(element));
            }
        }
        else
        {
            WalkComposite(element, options.GetTypeInfo(type), path, row);
        }
    }

    private void WalkComposite(JsonElement element, JsonTypeInfo info, string path, long? row)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when Expect(element, JsonValueKind.Object, path, row, "an object"):
                WalkObject(element, info, path, row);
                break;
            case JsonTypeInfoKind.Enumerable when Expect(element, JsonValueKind.Array, path, row, "a list"):
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    // Items of a top-level list (messages) are the "rows" of the document.
                    var itemRow = path.Contains('.', StringComparison.Ordinal) || path.Contains('[', StringComparison.Ordinal) ? row : index;
                    Walk(item, info.ElementType!, $"{path}[{index}]", itemRow, nullable: false);
                    index++;
                }

                break;
            case JsonTypeInfoKind.Dictionary when Expect(element, JsonValueKind.Object, path, row, "an object"):
                foreach (var member in element.EnumerateObject())
                {
                    var keyType = info.KeyType!;
                    if (keyType.IsEnum && !TryMatchEnum(keyType, member.Name))
                    {
                        Report($"{path}.{member.Name}", row, $"a key that is one of {AllowedNames(keyType)}", $"\"{member.Name}\"");
                        continue;
                    }

                    Walk(member.Value, info.ElementType!, $"{path}.{member.Name}", row, nullable: false);
                }

                break;
        }
    }

    private void WalkObject(JsonElement element, JsonTypeInfo info, string path, long? row)
    {
        var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var prefix = path.Length == 0 ? "" : path + ".";
        foreach (var member in element.EnumerateObject())
        {
            if (properties.TryGetValue(member.Name, out var property))
            {
                Walk(member.Value, property.PropertyType, prefix + member.Name, row, property.IsSetNullable);
            }
            else
            {
                var known = Show.List(properties.Keys.Order(StringComparer.Ordinal), max: 20);
                Report(prefix + member.Name, row, $"one of the members {known}", $"the unknown member \"{member.Name}\"");
            }
        }

        foreach (var property in info.Properties.Where(p => p.IsRequired))
        {
            if (!element.TryGetProperty(property.Name, out _))
            {
                Report(prefix + property.Name, row, $"a \"{property.Name}\" member", "none");
            }
        }
    }

    private void CheckEnum(JsonElement element, Type type, string path, long? row)
    {
        if (element.ValueKind != JsonValueKind.String || !TryMatchEnum(type, element.GetString()!))
        {
            Report(path, row, $"one of {AllowedNames(type)}", Found(element));
        }
    }

    /// <summary>Matches the way the product's enum converter reads: snake_case names, case-insensitively.</summary>
    private bool TryMatchEnum(Type type, string value) =>
        Enum.GetNames(type).Any(n => string.Equals(EnumName(n), value, StringComparison.OrdinalIgnoreCase));

    private string AllowedNames(Type type) => Show.List(Enum.GetNames(type).Select(EnumName), max: 20);

    private string EnumName(string name) => options.PropertyNamingPolicy?.ConvertName(name) ?? name;

    private bool Expect(JsonElement element, JsonValueKind kind, string path, long? row, string expected)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        Report(path, row, expected, Found(element));
        return false;
    }

    private void Report(string path, long? row, string expected, string found) => _issues.Add(error(path, row, expected, found));

    private static string Describe(Type type) =>
        type == typeof(string) ? "a string" : type.IsValueType ? "a value" : "an object or list";

    private static string Found(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Show.Text(element.GetString()),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => element.GetRawText(),
    };
}
