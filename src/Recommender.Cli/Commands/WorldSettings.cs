using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>The synthetic world's size and seed, as <c>generate</c> and <c>simulate</c> take them.</summary>
internal abstract class WorldSettings : CommandSettings
{
    [CommandOption("--users <N>")]
    [Description("Number of users.")]
    [DefaultValue(2_000)]
    public int Users { get; init; }

    [CommandOption("--days <D>")]
    [Description("Length of the simulated period in days.")]
    [DefaultValue(60)]
    public int Days { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Random seed: the same seed gives the same world.")]
    [DefaultValue(7UL)]
    public ulong Seed { get; init; }

    [CommandOption("--out <PATH>")]
    [Description("Where to write the result.")]
    public string? Out { get; init; }

    /// <summary>What the command writes to <c>--out</c>, for the message when it is missing.</summary>
    protected abstract string OutDescription { get; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error($"--out is required: {OutDescription}.");
        }

        return Users <= 0 || Days <= 7
            ? ValidationResult.Error($"--users must be positive and --days greater than 7 (got {Users} users, {Days} days).")
            : ValidationResult.Success();
    }
}
