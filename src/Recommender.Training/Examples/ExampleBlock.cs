namespace Recommender.Training.Examples;

/// <summary>
/// A columnar buffer of examples, laid out as the Parquet file is: one array per column, features included,
/// so a full block becomes a row group without another copy or transpose.
/// </summary>
public sealed class ExampleBlock
{
    private readonly float[][] _features;

    public ExampleBlock(int featureCount, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        FeatureCount = featureCount;
        Capacity = capacity;
        UserIds = new string[capacity];
        MessageIds = new string[capacity];
        SentAt = new DateTime[capacity];
        Arms = new ExampleArm[capacity];
        DecisionIds = new string?[capacity];
        Propensities = new double?[capacity];
        LabelGoal = new bool[capacity];
        LabelUnsubscribe = new bool[capacity];
        UserOrders = new long[capacity];
        _features = new float[featureCount][];
        for (var j = 0; j < featureCount; j++)
        {
            _features[j] = new float[capacity];
        }
    }

    public int FeatureCount { get; }

    public int Capacity { get; private set; }

    public int Count { get; private set; }

    internal string[] UserIds { get; private set; }

    internal string[] MessageIds { get; private set; }

    internal DateTime[] SentAt { get; private set; }

    internal ExampleArm[] Arms { get; private set; }

    internal string?[] DecisionIds { get; private set; }

    internal double?[] Propensities { get; private set; }

    internal bool[] LabelGoal { get; private set; }

    internal bool[] LabelUnsubscribe { get; private set; }

    /// <summary>Per row, its user's position among the users of the events table (from 0): the order shards merge back in.</summary>
    internal long[] UserOrders { get; private set; }

    /// <summary>The values of feature <paramref name="index"/> for the rows of this block.</summary>
    public ReadOnlySpan<float> Feature(int index) => _features[index].AsSpan(0, Count);

    internal float[] FeatureColumn(int index) => _features[index];

    /// <summary>Row <paramref name="row"/> as a record (allocates; for tests and small jobs).</summary>
    public TrainingExample Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        var features = new float[FeatureCount];
        for (var j = 0; j < FeatureCount; j++)
        {
            features[j] = _features[j][row];
        }

        return new TrainingExample(
            UserIds[row], MessageIds[row], SentAt[row], Arms[row], DecisionIds[row], Propensities[row], features, LabelGoal[row], LabelUnsubscribe[row]);
    }

    public IEnumerable<TrainingExample> Rows()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return Row(i);
        }
    }

    /// <summary>Appends a row whose features are in <paramref name="features"/>; grows when full.</summary>
    internal void Add(
        string userId, string messageId, DateTime sentAt, ExampleArm arm, string? decisionId, double? propensity,
        ReadOnlySpan<float> features, bool labelGoal, bool labelUnsubscribe)
    {
        if (Count == Capacity)
        {
            Grow();
        }

        var i = Count++;
        UserIds[i] = userId;
        MessageIds[i] = messageId;
        SentAt[i] = sentAt;
        Arms[i] = arm;
        DecisionIds[i] = decisionId;
        Propensities[i] = propensity;
        LabelGoal[i] = labelGoal;
        LabelUnsubscribe[i] = labelUnsubscribe;
        for (var j = 0; j < FeatureCount; j++)
        {
            _features[j][i] = features[j];
        }
    }

    /// <summary>Marks the rows from <paramref name="from"/> on as those of the user at <paramref name="userOrder"/> in the table.</summary>
    internal void SetUserOrder(int from, long userOrder) => Array.Fill(UserOrders, userOrder, from, Count - from);

    /// <summary>Empties the block for reuse, keeping its arrays.</summary>
    public void Clear()
    {
        Array.Clear(UserIds, 0, Count);
        Array.Clear(MessageIds, 0, Count);
        Array.Clear(DecisionIds, 0, Count);
        Count = 0;
    }

    // One user's history can outgrow a block; the block grows rather than split a user across row groups.
    private void Grow()
    {
        var capacity = Capacity * 2;
        UserIds = Resize(UserIds, capacity);
        MessageIds = Resize(MessageIds, capacity);
        SentAt = Resize(SentAt, capacity);
        Arms = Resize(Arms, capacity);
        DecisionIds = Resize(DecisionIds, capacity);
        Propensities = Resize(Propensities, capacity);
        LabelGoal = Resize(LabelGoal, capacity);
        LabelUnsubscribe = Resize(LabelUnsubscribe, capacity);
        UserOrders = Resize(UserOrders, capacity);
        for (var j = 0; j < FeatureCount; j++)
        {
            _features[j] = Resize(_features[j], capacity);
        }

        Capacity = capacity;
    }

    private static T[] Resize<T>(T[] array, int capacity)
    {
        Array.Resize(ref array, capacity);
        return array;
    }
}
