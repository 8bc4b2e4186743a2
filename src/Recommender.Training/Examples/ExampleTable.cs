namespace Recommender.Training.Examples;

/// <summary>
/// The examples of a run, held in memory for training, compactly: the model inputs (the schema's features followed
/// by <c>is_treatment</c>) in segments of 65,536 rows, each packed column by column once full
/// (<see cref="PackedSegment"/>), user and message ids as indices into their distinct values, and plain value
/// columns. Both models and every split read rows from the same memory (<see cref="CopyInput"/>).
/// </summary>
/// <remarks>
/// A row used to be a float array of its own (161 features: 650 bytes and a header) with a string per id, and the
/// lists' doubling copied it all again as the table grew; training at 100,000 users peaked at 3 GiB, and 1,000,000
/// users would not fit in 24 GiB. Packed, a row's inputs take about a third of that, and the values read back are the
/// same bits, so the models are the same (docs/results.md, "Training at scale"). Segments rather than one array: 16
/// million rows are past the 2 GB limit of one .NET array, and a segment is never copied when the table grows.
/// </remarks>
internal sealed class ExampleTable : IExampleSink
{
    /// <summary>Rows per input segment: 65,536 rows of 61 inputs is 16 MB.</summary>
    private const int SegmentRows = 1 << 16;

    private readonly List<PackedSegment> _packed = [];
    private float[]? _open;
    private readonly SegmentedColumn<int> _userIndex = new();
    private readonly List<string> _users = [];
    private readonly SegmentedColumn<short> _messageIndex = new();
    private readonly List<string> _messages = [];
    private readonly Dictionary<string, short> _messageIndices = new(StringComparer.Ordinal);
    private readonly SegmentedColumn<DateTime> _sentAt = new();
    private readonly SegmentedColumn<ExampleArm> _arms = new();
    private readonly SegmentedColumn<string?> _decisionIds = new();
    private readonly SegmentedColumn<bool> _labelGoal = new();
    private readonly SegmentedColumn<bool> _labelUnsubscribe = new();
    private readonly SegmentedColumn<double> _propensities = new();
    private readonly NegativeSampler? _sampler;
    private readonly SegmentedColumn<bool> _weighted = new();
    private readonly long[] _offered = new long[Enum.GetValues<ExampleArm>().Length];

    /// <param name="sampler">Thins the rows with no positive label as they arrive (<see cref="NegativeSampler"/>); null keeps every row.</param>
    public ExampleTable(int featureCount, NegativeSampler? sampler = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        FeatureCount = featureCount;
        _sampler = sampler;
    }

    /// <summary>The sampler that thinned the rows; null when every row was kept.</summary>
    public NegativeSampler? Sampler => _sampler;

    public int FeatureCount { get; }

    /// <summary>Length of each input: the features and <c>is_treatment</c>.</summary>
    public int InputLength => FeatureCount + 1;

    public int Count { get; private set; }

    /// <summary>Bytes the packed inputs take (the full segments; the last, open one holds floats).</summary>
    public long PackedSize => _packed.Sum(s => s.Size);

    /// <summary>Copies row <paramref name="row"/>'s model input (its features, then <c>is_treatment</c>) to <paramref name="destination"/>.</summary>
    public void CopyInput(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        var (segment, offset) = (row / SegmentRows, row % SegmentRows);
        if (segment < _packed.Count)
        {
            _packed[segment].CopyRow(offset, destination);
        }
        else
        {
            _open.AsSpan(offset * InputLength, InputLength).CopyTo(destination);
        }
    }

    public string UserId(int row) => _users[_userIndex[row]];

    /// <summary>The users the rows belong to, in row order (each once per run of rows; a user's rows are contiguous).</summary>
    public IReadOnlyList<string> Users => _users;

    public string MessageId(int row) => _messages[_messageIndex[row]];

    public DateTime SentAt(int row) => _sentAt[row];

    public ExampleArm Arm(int row) => _arms[row];

    /// <summary>The row's decision id; null where the log has none, and, in a table a negative sample thinned, on rows certainly before the validation window.</summary>
    public string? DecisionId(int row) => _decisionIds[row];

    public bool LabelGoal(int row) => _labelGoal[row];

    public bool LabelUnsubscribe(int row) => _labelUnsubscribe[row];

    /// <summary>
    /// The example block's propensity of a row: the logging policy's probability of the logged action where the log
    /// has it; for a <see cref="ExampleArm.NotChosen"/> row, the share of the qualifying messages drawn at its decision.
    /// </summary>
    public double? Propensity(int row) => double.IsNaN(_propensities[row]) ? null : _propensities[row];

    public bool IsTreatment(int row) => _arms[row] == ExampleArm.Treatment;

    /// <summary>The row's weight in a fit: <c>1 / rate</c> when the negative sample's draw kept it, else 1.</summary>
    public float Weight(int row) => _weighted[row] ? _sampler!.Weight : 1f;

    /// <summary>
    /// Rows of this arm among the examples, the ones the negative sample left out included: the log's counts, which the
    /// choice of the uplift source and the manifest report.
    /// </summary>
    public long CountOf(ExampleArm arm) => _offered[(int)arm];

    public ValueTask WriteAsync(ExampleBlock block, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.FeatureCount != FeatureCount)
        {
            throw new ArgumentException($"The block holds {block.FeatureCount} features; the table holds {FeatureCount}.", nameof(block));
        }

        var columns = new float[FeatureCount][];
        for (var j = 0; j < FeatureCount; j++)
        {
            columns[j] = block.FeatureColumn(j);
        }

        for (var i = 0; i < block.Count; i++)
        {
            Append(block.UserIds[i], block.MessageIds[i], block.SentAt[i], block.Arms[i], block.DecisionIds[i], block.Propensities[i], block.LabelGoal[i], block.LabelUnsubscribe[i], columns, i);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Appends one row whose features are <c>features[j][row]</c> (a columnar block's layout).</summary>
    internal void Append(
        string userId, string messageId, DateTime sentAt, ExampleArm arm, string? decisionId, double? propensity, bool labelGoal, bool labelUnsubscribe,
        float[][] features, int row)
    {
        _offered[(int)arm]++;
        var sampled = _sampler?.Decide(userId, sentAt, labelGoal || labelUnsubscribe) ?? SampledRow.Kept;
        if (sampled == SampledRow.Dropped)
        {
            return;
        }

        _open ??= new float[SegmentRows * InputLength];
        if (Count > 0 && Count % SegmentRows == 0)
        {
            // The open segment is full: pack it and reuse its buffer for the next rows.
            _packed.Add(PackedSegment.Pack(_open, SegmentRows, InputLength));
        }

        var input = _open.AsSpan(Count % SegmentRows * InputLength, InputLength);
        for (var j = 0; j < FeatureCount; j++)
        {
            input[j] = features[j][row];
        }

        input[FeatureCount] = arm == ExampleArm.Treatment ? 1f : 0f;

        // A user's rows come together (the pipeline replays one user at a time), so comparing with the last user finds
        // every repeat; a user met again later would only cost a second entry, never a wrong id.
        if (_users.Count == 0 || !string.Equals(_users[^1], userId, StringComparison.Ordinal))
        {
            _users.Add(userId);
        }

        if (!_messageIndices.TryGetValue(messageId, out var message))
        {
            if (_messages.Count == short.MaxValue)
            {
                throw new InvalidOperationException($"More than {short.MaxValue:N0} distinct message ids among the examples; a catalog holds far fewer.");
            }

            message = (short)_messages.Count;
            _messages.Add(messageId);
            _messageIndices.Add(messageId, message);
        }

        _userIndex.Add(_users.Count - 1);
        _messageIndex.Add(message);
        _sentAt.Add(sentAt);
        _arms.Add(arm);
        // Only validation rows look their decision up (in the oracle); with 16 million rows the ids of the others would
        // take the better part of a gigabyte.
        _decisionIds.Add(_sampler is not null && _sampler.BeforeValidation(sentAt) ? null : decisionId);
        _labelGoal.Add(labelGoal);
        _labelUnsubscribe.Add(labelUnsubscribe);
        _propensities.Add(propensity ?? double.NaN);
        _weighted.Add(sampled == SampledRow.Weighted);
        Count++;
    }
}
