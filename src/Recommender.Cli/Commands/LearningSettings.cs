using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>
/// What <c>train</c> and <c>evaluate</c> both read: the data folder, the API's decision logs, the validation window
/// and the seed. One definition, so the two commands cannot drift apart on the window they measure.
/// </summary>
internal abstract class LearningSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("The data folder: events.parquet (or events/), profiles.parquet, catalog.json; oracle.parquet when synthetic.")]
    public string? Data { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Seed of every random choice (trees, calibration split, permutation importance, bootstrap): the same data and seed give the same result.")]
    [DefaultValue(7)]
    public int Seed { get; init; } = 7;

    [CommandOption("--validation-days <N>")]
    [Description("The last N days of the log are the validation window; the models are trained on the days before.")]
    [DefaultValue(14)]
    public int ValidationDays { get; init; } = 14;

    [CommandOption("--decision-log <DIR>")]
    [Description(DecisionLogLine.OptionDescription)]
    public string[] DecisionLog { get; init; } = [];

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            return ValidationResult.Error("--data is required: the data folder to learn from.");
        }

        return ValidationDays > 0
            ? ValidationResult.Success()
            : ValidationResult.Error($"--validation-days must be positive (got {ValidationDays}).");
    }
}
