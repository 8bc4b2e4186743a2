using Microsoft.Extensions.Options;

namespace Recommender.Api.Decisions.Log;

/// <summary>
/// Makes the decision log's folder when the settings are validated at start-up: a folder that cannot be made is a
/// setting to fix, said before the server bootstraps or answers, not a failure of the background writer that stops the
/// server after it has begun answering.
/// </summary>
internal sealed class DecisionLogFolderCheck : IValidateOptions<DecisionLogOptions>
{
    public ValidateOptionsResult Validate(string? name, DecisionLogOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            Directory.CreateDirectory(options.Folder);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return ValidateOptionsResult.Fail(
                $"DecisionLog:Folder '{options.Folder}' cannot be made ({e.Message.TrimEnd('.')}): set it to a folder this process can write, " +
                "or DecisionLog:Enabled=false to serve without a decision log.");
        }
    }
}
