using System.ComponentModel;
using Recommender.Core;
using Recommender.Decisioning;
using Recommender.Evaluation.Incrementality;
using Recommender.Models;
using Recommender.Simulation;
using Recommender.Simulation.ClosedLoop;
using Recommender.Training.Bundles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender simulate</c>: runs the synthetic world with a policy deciding (daily and at triggers) and writes
/// what it achieved: goals, value, sends, opt-outs and suppressions per rule.
/// </summary>
internal sealed class SimulateCommand : AsyncCommand<SimulateCommand.Settings>
{
    public sealed class Settings : WorldSettings
    {
        [CommandOption("--policy <POLICY>")]
        [Description("model:DIR | model-timed:DIR | propensity-only:DIR | random | drip | oracle | oracle-now; diagnostics: model-true-timing:DIR | oracle-observed-timing | oracle-observed-hours")]
        public string? Policy { get; init; }

        [CommandOption("--holdout-share <S>")]
        [Description("Hold out this share of users from promotional messages (the global holdout) and report the lift it measures next to the world's truth. Default 0: the benchmarks compare policies on every user.")]
        [DefaultValue(0.0)]
        public double HoldoutShare { get; init; }

        protected override string OutDescription => "the results.json file to write";

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Policy))
            {
                return ValidationResult.Error($"--policy is required: one of model:DIR, model-timed:DIR, propensity-only:DIR, {string.Join(", ", SimulationPolicies.Names.Where(n => n is not ("model" or "model-timed" or "model-true-timing" or "propensity-only")))}.");
            }

            if (HoldoutShare is < 0 or >= 1 || double.IsNaN(HoldoutShare))
            {
                return ValidationResult.Error($"--holdout-share must be in [0, 1) (got {HoldoutShare}).");
            }

            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (name, modelDir) = Parse(settings.Policy!);
        var catalog = SyntheticCatalog.Create();
        catalog = catalog with { Policy = catalog.Policy with { Holdout = catalog.Policy.Holdout with { Share = settings.HoldoutShare } } };
        var outcomes = settings.HoldoutShare > 0 ? new List<SimulatedOutcome>() : null;
        ICandidateScorer? model = modelDir is null ? null : ModelCandidateScorer.Open(modelDir, catalog);
        var factory = SimulationPolicies.Create(name, catalog, settings.Seed, model);
        var options = new WorldOptions { Users = settings.Users, Days = settings.Days, Seed = settings.Seed };
        SimulationResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"simulating {name}", maxValue: settings.Users);
                result = await Task.Run(() => ClosedLoopRunner.Run(name, options, catalog, factory, outcomes, new Progress<int>(n => task.Value = n), cancellationToken), cancellationToken);
                task.Value = settings.Users;
            });

        var directory = Path.GetDirectoryName(Path.GetFullPath(settings.Out!));
        Directory.CreateDirectory(directory!);
        var json = System.Text.Json.JsonSerializer.SerializeToNode(result, CoreJson.Options)!.AsObject();
        if (outcomes is not null && HoldoutLift.Estimate(outcomes.Select(o => new HoldoutUser(o.HeldOut, o.Goals, o.Value))) is { } lift)
        {
            var truth = outcomes.Where(o => !o.HeldOut).Average(o => o.TrueIncrementalValue) - outcomes.Where(o => o.HeldOut).Average(o => o.TrueIncrementalValue);
            json["holdout"] = System.Text.Json.JsonSerializer.SerializeToNode(new { settings.HoldoutShare, Measured = lift, TrueValueLiftPerUser = Math.Round(truth, 6) }, CoreJson.Options);
            AnsiConsole.MarkupLineInterpolated(
                $"holdout: {lift.HeldOutUsers:N0} users held out; value per user +{lift.ValuePerUser.Lift:F3} (95 % {lift.ValuePerUser.CiLow:F3} to {lift.ValuePerUser.CiHigh:F3}), true +{truth:F3}");
        }

        await File.WriteAllTextAsync(settings.Out!, json.ToJsonString(CoreJson.Indented), cancellationToken);
        AnsiConsole.MarkupLineInterpolated(
            $"{name}: value {result!.TotalValue:N1}, goals {result.Goals:N0}, sends {result.Sends:N0}, unsubscribes {result.Unsubscribes:N0}, complaints {result.Complaints:N0} → {settings.Out}");
        return 0;
    }

    /// <summary><c>model:DIR</c> → ("model", DIR); <c>oracle</c> → ("oracle", null).</summary>
    private static (string Name, string? ModelDir) Parse(string policy)
    {
        var colon = policy.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? policy : policy[..colon];
        var dir = colon < 0 ? null : policy[(colon + 1)..];
        if (!SimulationPolicies.Names.Contains(name))
        {
            throw new ArgumentException($"--policy '{policy}' is not a policy; expected model:DIR, model-timed:DIR, propensity-only:DIR, random, drip, oracle or oracle-now.");
        }

        var needsModel = name is "model" or "model-timed" or "model-true-timing" or "propensity-only";
        if (needsModel && string.IsNullOrWhiteSpace(dir))
        {
            throw new ArgumentException($"--policy {name} needs a model bundle folder: {name}:models/NAME.");
        }

        if (!needsModel && dir is not null)
        {
            throw new ArgumentException($"--policy {name} takes no model folder (got '{dir}').");
        }

        return (name, dir);
    }
}
