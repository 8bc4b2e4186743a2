using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Recommender.Core.Profiles;

/// <summary>
/// The attributes a <c>profile_updated</c> event carries in its <c>properties</c>: a JSON object of attribute names
/// and values. The fixed ones (<c>signup_at</c>, <c>country</c>, <c>timezone</c>, <c>company_size</c>, <c>plan</c>)
/// update the profile's own fields; any other name is an extra attribute, numeric for a number or a boolean (1/0),
/// categorical for a string. <c>null</c> clears an attribute: it is unknown from then on.
/// </summary>
public static class ProfileAttributes
{
    public const string SignupAt = "signup_at";
    public const string Country = "country";
    public const string Timezone = "timezone";
    public const string CompanySize = "company_size";
    public const string Plan = "plan";

    /// <summary>The attributes with a field of their own on <see cref="UserProfile"/>.</summary>
    public static IReadOnlySet<string> Fixed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SignupAt, Country, Timezone, CompanySize, Plan,
    };

    /// <summary>
    /// The attributes of a <c>profile_updated</c> event's properties, in their order. Values of a kind the attribute
    /// cannot take (an object, a list, a number for <c>plan</c>, text for <c>company_size</c>, an unreadable
    /// <c>signup_at</c>) are left out: the data reader rejects them upstream, and the fold must not fail on an event a
    /// caller passed anyway. Malformed JSON gives nothing, for the same reason.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, ProfileValue>> Parse(string? properties)
    {
        if (string.IsNullOrEmpty(properties))
        {
            return [];
        }

        var values = new List<KeyValuePair<string, ProfileValue>>();
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(properties));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return [];
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var value = reader.TokenType switch
                {
                    JsonTokenType.String => ProfileValue.Of(reader.GetString()!),
                    JsonTokenType.Number when reader.TryGetDouble(out var d) && double.IsFinite(d) => ProfileValue.Of(d),
                    JsonTokenType.True => ProfileValue.Of(1),
                    JsonTokenType.False => ProfileValue.Of(0),
                    JsonTokenType.Null => ProfileValue.Cleared,
                    _ => (ProfileValue?)null,
                };
                reader.Skip();
                if (value is { } v && Problem(name, v) is null)
                {
                    values.Add(new(name, v));
                }
            }
        }
        catch (JsonException)
        {
            return [];
        }

        return values;
    }

    /// <summary>What is wrong with <paramref name="value"/> for attribute <paramref name="name"/>, or null when it may hold it.</summary>
    public static string? Problem(string name, ProfileValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value.Kind == ProfileValueKind.Cleared)
        {
            return null;
        }

        return name switch
        {
            Country or Plan or Timezone when value.Kind != ProfileValueKind.Text => "text",
            Country or Plan or Timezone when string.IsNullOrWhiteSpace(value.Text) => "non-empty text",
            CompanySize when value.Kind != ProfileValueKind.Number || value.Number < 0 || value.Number > int.MaxValue || Math.Floor(value.Number) != value.Number
                => "a whole number ≥ 0",
            SignupAt when value.Kind != ProfileValueKind.Text || ParseInstant(value.Text!) is null => "an ISO-8601 timestamp with a zone (Z or ±hh:mm)",
            _ => null,
        };
    }

    /// <summary>An ISO-8601 instant with an explicit zone, as UTC; null when the text has no zone or is no timestamp.</summary>
    public static DateTime? ParseInstant(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseUtc(text, out var utc))
        {
            return utc;
        }

        // A zone is required: a local time without one would be read as the machine's zone.
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) || !HasZone(text))
        {
            return null;
        }

        return instant.UtcDateTime;
    }

    /// <summary>
    /// <paramref name="profile"/> (or an empty one for <paramref name="userId"/>) with <paramref name="values"/> set
    /// in order: a later value of an attribute replaces an earlier one, a cleared one removes it.
    /// </summary>
    public static UserProfile With(UserProfile? profile, string userId, IEnumerable<KeyValuePair<string, ProfileValue>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var p = profile ?? new UserProfile(userId);
        Dictionary<string, double>? numeric = null;
        Dictionary<string, string>? categorical = null;
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case SignupAt:
                    p = p with { SignupAt = value.Text is { } t ? ParseInstant(t) : null };
                    break;
                case Country:
                    p = p with { Country = value.Text };
                    break;
                case Timezone:
                    p = p with { Timezone = value.Text };
                    break;
                case Plan:
                    p = p with { Plan = value.Text };
                    break;
                case CompanySize:
                    p = p with { CompanySize = value.Kind == ProfileValueKind.Number ? (int)value.Number : null };
                    break;
                default:
                    numeric ??= new Dictionary<string, double>(p.Numeric, StringComparer.Ordinal);
                    categorical ??= new Dictionary<string, string>(p.Categorical, StringComparer.Ordinal);
                    numeric.Remove(name);
                    categorical.Remove(name);
                    if (value.Kind == ProfileValueKind.Number)
                    {
                        numeric[name] = value.Number;
                    }
                    else if (value.Kind == ProfileValueKind.Text)
                    {
                        categorical[name] = value.Text!;
                    }

                    break;
            }
        }

        return numeric is null ? p : p with { Numeric = numeric, Categorical = categorical! };
    }

    /// <summary>The <c>properties</c> JSON of a <c>profile_updated</c> event setting <paramref name="values"/>, in their order.</summary>
    public static string ToJson(IEnumerable<KeyValuePair<string, ProfileValue>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                switch (value.Kind)
                {
                    case ProfileValueKind.Text:
                        writer.WriteString(name, value.Text);
                        break;
                    case ProfileValueKind.Number:
                        writer.WriteNumber(name, value.Number);
                        break;
                    default:
                        writer.WriteNull(name);
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The shape importers and our own writers give an instant, <c>yyyy-MM-ddTHH:mm:ss</c>, up to seven digits of a
    /// second, then <c>Z</c>, read directly: the culture-aware parse below costs a microsecond, and an import reads one
    /// per profile row. Anything else (other zones, other shapes, a leap second) is left to that parse, so the two
    /// agree by construction; a test holds them to it.
    /// </summary>
    private static bool TryParseUtc(ReadOnlySpan<char> s, out DateTime at)
    {
        at = default;
        if (s.Length < 20 || s[^1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        var fraction = 0L;
        if (s.Length > 20)
        {
            var digits = s[20..^1];
            if (s[19] != '.' || digits.Length is 0 or > 7 || !Digits(digits, out var value))
            {
                return false;
            }

            fraction = value;
            for (var d = digits.Length; d < 7; d++)
            {
                fraction *= 10;
            }
        }

        if (!Digits(s[..4], out var year) || !Digits(s[5..7], out var month) || !Digits(s[8..10], out var day)
            || !Digits(s[11..13], out var hour) || !Digits(s[14..16], out var minute) || !Digits(s[17..19], out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth((int)year, (int)month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        at = new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, (int)second, DateTimeKind.Utc).AddTicks(fraction);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool HasZone(string text)
    {
        var t = text.AsSpan().Trim();
        if (t.Length > 0 && (t[^1] is 'Z' or 'z'))
        {
            return true;
        }

        // ±hh:mm or ±hhmm after the time part (the date's own dashes come before the 'T' or the space).
        var timeStart = t.IndexOfAny('T', ' ');
        return timeStart >= 0 && t[timeStart..].IndexOfAny('+', '-') >= 0;
    }
}
