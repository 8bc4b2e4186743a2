using Recommender.Data.Validation;

namespace Recommender.Data.DecisionLog;

/// <summary>Counts of a decision log read: files, decisions returned by kind, and what was skipped.</summary>
public sealed class DecisionLogReadSummary : ReadSummary
{
    /// <summary>Decisions handed to the caller (valid and not repeated).</summary>
    public long DecisionsReturned { get; internal set; }

    /// <summary>Returned decisions that chose a message.</summary>
    public long Sends { get; internal set; }

    /// <summary>Returned decisions to send nothing.</summary>
    public long NoSends { get; internal set; }

    /// <summary>Rows skipped because their <c>decision_id</c> had been read before (in any file or folder of the read).</summary>
    public long DuplicatesSkipped { get; internal set; }

    /// <summary><c>*.parquet.tmp</c> files left alone: the API is still writing them.</summary>
    public long FilesInProgress { get; internal set; }

    internal void Count(DecisionLogEntry d)
    {
        DecisionsReturned++;
        if (d.IsSend)
        {
            Sends++;
        }
        else
        {
            NoSends++;
        }
    }

    internal override void Reset()
    {
        base.Reset();
        DecisionsReturned = 0;
        Sends = 0;
        NoSends = 0;
        DuplicatesSkipped = 0;
        FilesInProgress = 0;
    }
}
