namespace Recommender.TestSupport;

/// <summary>What a run of the <c>recommender</c> executable gave: its exit code and its two output streams.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for assertion messages and for text that may go to either.</summary>
    public string All => Output + Error;
}
