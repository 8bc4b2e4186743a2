using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Catalog;

/// <summary>
/// One attribute of a message (<c>features</c> in the catalog): a number (a numeric model input) or a text (a
/// categorical one, one-hot over the catalog's values). In JSON it is the bare number or string.
/// </summary>
[JsonConverter(typeof(MessageFeatureValueConverter))]
public readonly record struct MessageFeatureValue
{
    private MessageFeatureValue(double? number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The value of a numeric attribute; null for a text.</summary>
    public double? Number { get; }

    /// <summary>The value of a categorical attribute; null for a number.</summary>
    public string? Text { get; }

    public static MessageFeatureValue Of(double number) => new(number, null);

    public static MessageFeatureValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(null, text);
    }

    public override string ToString() => Text ?? Number!.Value.ToString("R", CultureInfo.InvariantCulture);
}
