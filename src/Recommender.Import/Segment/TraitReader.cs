using System.Text.Json;
using Recommender.Core.Profiles;
using Recommender.Import.Output;

namespace Recommender.Import.Segment;

/// <summary>
/// An <c>identify</c> call's <c>traits</c> as profile values: the standard traits to the profile's own fields (checked:
/// a <c>createdAt</c> without a zone or an unknown time zone is left out and listed), personal traits (e-mail, name, …)
/// left out, every other scalar trait an extra attribute named by its path (dots as underscores). Nested objects are
/// walked; lists are left out. Each trait's fate is counted in the field report.
/// </summary>
internal sealed class TraitReader(SegmentMapping mapping, FieldReport fields)
{
    private readonly Dictionary<string, (string? Target, FieldCounter Counter)> _targets = new(StringComparer.Ordinal);

    /// <summary>The profile values of <paramref name="traits"/> (an object's bytes); problems go to <paramref name="problems"/>.</summary>
    public List<KeyValuePair<string, ProfileValue>> Read(ReadOnlySpan<byte> traits, string? contextTimezone, List<string> problems)
    {
        var values = new List<KeyValuePair<string, ProfileValue>>();
        var reader = new Utf8JsonReader(traits);
        reader.Read();
        Walk(ref reader, "", values, problems);
        if (contextTimezone is not null && !values.Exists(v => v.Key == ProfileAttributes.Timezone))
        {
            Add("context.timezone", ProfileAttributes.Timezone, ProfileValue.Of(contextTimezone), values, problems);
        }

        return values;
    }

    private void Walk(ref Utf8JsonReader r, string prefix, List<KeyValuePair<string, ProfileValue>> values, List<string> problems)
    {
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var path = prefix + r.GetString();
            r.Read();
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject:
                    Walk(ref r, path + ".", values, problems);
                    break;
                case JsonTokenType.String:
                    Map(path, ProfileValue.Of(r.GetString()!), values, problems);
                    break;
                case JsonTokenType.Number when r.TryGetDouble(out var d) && double.IsFinite(d):
                    Map(path, ProfileValue.Of(d), values, problems);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    Map(path, ProfileValue.Of(r.TokenType == JsonTokenType.True ? 1 : 0), values, problems);
                    break;
                case JsonTokenType.Null:
                    // A dated row's null is "not part of this update": nothing to write.
                    fields.Counter("traits." + path, "null: nothing written").Add();
                    break;
                default:
                    fields.Counter("traits." + path, "left out (a list)").Add();
                    r.Skip();
                    break;
            }
        }
    }

    private void Map(string path, ProfileValue value, List<KeyValuePair<string, ProfileValue>> values, List<string> problems)
    {
        var (target, counter) = Target(path);
        if (target is null)
        {
            counter.Add();
            return;
        }

        Add("traits." + path, target, value, values, problems, counter);
    }

    private void Add(string source, string target, ProfileValue value, List<KeyValuePair<string, ProfileValue>> values, List<string> problems, FieldCounter? counter = null)
    {
        if (ProfileCheck.Check(target, value, mapping.AssumeUtc, out var problem) is not { } checkedValue)
        {
            problems.Add($"{source}: {problem}");
            return;
        }

        // A later trait for the same attribute replaces an earlier one (a loop: a lambda would cost an object per value).
        for (var i = values.Count - 1; i >= 0; i--)
        {
            if (values[i].Key == target)
            {
                values.RemoveAt(i);
            }
        }

        values.Add(new(target, checkedValue));
        (counter ?? fields.Counter(source, "profile " + target)).Add();
    }

    private (string? Target, FieldCounter Counter) Target(string path)
    {
        if (_targets.TryGetValue(path, out var known))
        {
            return known;
        }

        string? target;
        if (mapping.Traits.TryGetValue(path, out var mapped))
        {
            target = mapped;
        }
        else if (SegmentMapping.StandardTraits.TryGetValue(path, out var standard))
        {
            target = standard;
        }
        else if (SegmentMapping.PersonalTraits.Contains(path))
        {
            target = null;
        }
        else
        {
            target = path.Replace('.', '_');
        }

        var counter = fields.Counter("traits." + path, target is null ? "left out (personal, or mapped to null)" : "profile " + target);
        return _targets[path] = (target, counter);
    }
}
