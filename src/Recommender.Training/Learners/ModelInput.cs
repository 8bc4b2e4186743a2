using Microsoft.ML;
using Microsoft.ML.Data;
using Recommender.Training.Examples;

namespace Recommender.Training.Learners;

/// <summary>One row as ML.NET sees it. The arrays are the table's own; ML.NET copies from them as it reads.</summary>
internal sealed class ModelInput
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";

    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    /// <summary>A lazy view of <paramref name="rows"/> of <paramref name="table"/>, labelled by <paramref name="label"/>.</summary>
    public static IDataView View(MLContext ml, ExampleTable table, IReadOnlyList<int> rows, Func<int, bool> label)
    {
        var schema = SchemaDefinition.Create(typeof(ModelInput));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, table.InputLength);
        return ml.Data.LoadFromEnumerable(rows.Select(i => new ModelInput { Features = table.Inputs[i], Label = label(i) }), schema);
    }
}
