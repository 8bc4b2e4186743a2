using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.Training.Examples;

namespace Recommender.Training.Learners;

/// <summary>One row as ML.NET sees it. The arrays are the table's own; ML.NET copies from them as it reads.</summary>
internal sealed class ModelInput
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";
    public const string WeightColumn = "Weight";

    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    /// <summary>The row's weight in the fit; read only when the trainer is given a weight column.</summary>
    public float Weight { get; set; } = 1;

    /// <summary>
    /// A lazy view of <paramref name="rows"/> of <paramref name="table"/>, labelled by <paramref name="label"/> and weighted
    /// by <paramref name="weight"/> (every row 1 when null).
    /// </summary>
    /// <param name="maskTreatment">Read every row with <c>is_treatment</c> at 0: for a model whose label is the arm itself.</param>
    public static IDataView View(
        MLContext ml, ExampleTable table, IReadOnlyList<int> rows, Func<int, bool> label, Func<int, float>? weight = null, bool maskTreatment = false)
    {
        var schema = SchemaDefinition.Create(typeof(ModelInput));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, table.InputLength);
        return ml.Data.LoadFromEnumerable(
            rows.Select(i => new ModelInput { Features = maskTreatment ? Masked(table.Inputs[i]) : table.Inputs[i], Label = label(i), Weight = weight?.Invoke(i) ?? 1 }),
            schema);
    }

    private static float[] Masked(float[] input)
    {
        var copy = (float[])input.Clone();
        copy[^1] = 0;
        return copy;
    }
}
