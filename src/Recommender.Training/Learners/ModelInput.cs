using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.Training.Examples;

namespace Recommender.Training.Learners;

/// <summary>One row as ML.NET sees it, streamed from the table: ML.NET copies each row as it reads it.</summary>
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
        return ml.Data.LoadFromEnumerable(Rows(table, rows, label, weight, maskTreatment), schema);
    }

    /// <summary>
    /// One reused row per pass, refilled from the table at each step: a row object and array per example would add
    /// their own copy of the inputs while training (about 40 bytes of headers a row, and garbage for every pass ML.NET
    /// makes). Safe because ML.NET's cursor copies the current row into its own buffers before it moves on, and every
    /// pass (every cursor) gets its own enumerator and so its own row.
    /// </summary>
    private static IEnumerable<ModelInput> Rows(ExampleTable table, IReadOnlyList<int> rows, Func<int, bool> label, Func<int, float>? weight, bool maskTreatment)
    {
        var row = new ModelInput { Features = new float[table.InputLength] };
        foreach (var i in rows)
        {
            table.CopyInput(i, row.Features);
            if (maskTreatment)
            {
                row.Features[^1] = 0;
            }

            row.Label = label(i);
            row.Weight = weight?.Invoke(i) ?? 1;
            yield return row;
        }
    }
}
