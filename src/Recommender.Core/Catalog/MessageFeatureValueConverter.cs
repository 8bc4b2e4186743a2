using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Catalog;

/// <summary>Reads and writes a <see cref="MessageFeatureValue"/> as the bare JSON number or string.</summary>
internal sealed class MessageFeatureValueConverter : JsonConverter<MessageFeatureValue>
{
    public override MessageFeatureValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetDouble(out var d) && double.IsFinite(d) => MessageFeatureValue.Of(d),
        JsonTokenType.String => MessageFeatureValue.Of(reader.GetString()!),
        _ => throw new JsonException("A message feature is a finite number or a string."),
    };

    public override void Write(Utf8JsonWriter writer, MessageFeatureValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Text is { } text)
        {
            writer.WriteStringValue(text);
        }
        else
        {
            writer.WriteNumberValue(value.Number ?? 0);
        }
    }
}
