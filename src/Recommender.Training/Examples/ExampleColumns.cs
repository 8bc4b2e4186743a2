using Parquet.Schema;
using Recommender.Core.Features;

namespace Recommender.Training.Examples;

/// <summary>The columns of an examples file: keys, then one float per feature in schema order, then the labels.</summary>
public static class ExampleColumns
{
    public const string UserId = "user_id";
    public const string MessageId = "message_id";
    public const string SentAt = "sent_at";
    public const string Arm = "arm";
    public const string DecisionId = "decision_id";
    public const string Propensity = "propensity";
    public const string LabelGoal = "label_goal";
    public const string LabelUnsubscribe = "label_unsubscribe";

    /// <summary>In a shard (<c>features --partition</c>) only, last: the row's user's position among the table's users.</summary>
    public const string UserOrder = "user_order";

    /// <summary>File metadata keys: a training job checks the hash before it trusts the columns.</summary>
    public const string SchemaHashKey = "recommender.feature_schema.hash";
    public const string SchemaVersionKey = "recommender.feature_schema.version";
    public const string SchemaOptionsKey = "recommender.feature_schema.options";

    public const string Treatment = "treatment";
    public const string Control = "control";
    public const string NotChosen = "not_chosen";

    public static string ArmName(ExampleArm arm) => arm switch
    {
        ExampleArm.Treatment => Treatment,
        ExampleArm.Control => Control,
        _ => NotChosen,
    };

    /// <param name="userOrder">Add the <see cref="UserOrder"/> column, as a shard has.</param>
    public static ParquetSchema Create(FeatureSchema schema, bool userOrder = false)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var fields = new List<Field>
        {
            new DataField<string>(UserId, false),
            new DataField<string>(MessageId, false),
            new DateTimeDataField(SentAt, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
            new DataField<string>(Arm, false),
            new DataField<string>(DecisionId, true),
            new DataField<double>(Propensity, true),
        };
        fields.AddRange(schema.Names.Select(name => new DataField<float>(name, false)));
        fields.Add(new DataField<bool>(LabelGoal, false));
        fields.Add(new DataField<bool>(LabelUnsubscribe, false));
        if (userOrder)
        {
            fields.Add(new DataField<long>(UserOrder, false));
        }

        return new ParquetSchema(fields);
    }
}
