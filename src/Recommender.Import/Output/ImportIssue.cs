namespace Recommender.Import.Output;

/// <summary>One input line an import could not use, or used only in part: where it is and why.</summary>
/// <param name="File">The input file, as named on the command line.</param>
/// <param name="Line">1-based line number (for CSV: the line the record starts on).</param>
/// <param name="Reason">What was wrong, naming the field and what was found.</param>
/// <param name="Dropped">True when the whole line was left out; false when only a field of it was.</param>
public sealed record ImportIssue(string File, long Line, string Reason, bool Dropped)
{
    public override string ToString() => $"{File}:{Line}: {(Dropped ? "" : "(field dropped) ")}{Reason}";
}
