using Recommender.Core.Events;
using Recommender.Scoring;
using Recommender.Training.Learners;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Training;

/// <summary>Data that cannot give a trustworthy model is refused before training, with a message that says what to change.</summary>
public sealed class TrainingErrorTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Fact]
    public async Task A_log_without_sends_is_refused()
    {
        var data = await DataAsync(d => TrainingData.FilterEventsAsync(d, e => e.EventType != EventTypes.MessageSent));

        var error = await Assert.ThrowsAsync<TrainingDataException>(() => TrainAsync(data));

        Assert.Contains("no 'message_sent' event", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_few_positives_are_refused_naming_the_model_and_the_minimum()
    {
        var data = await DataAsync(_ => Task.CompletedTask);

        var error = await Assert.ThrowsAsync<TrainingDataException>(() => TrainAsync(data, TrainingData.FastOptions with { MinimumPositives = 100_000 }));

        Assert.Contains("The propensity model has", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 100,000 positives", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_goals_missing_from_the_log_are_refused_naming_goal_and_messages()
    {
        var data = await DataAsync(d =>
        {
            TrainingData.ChangeCatalog(d, c => c with
            {
                Messages = c.Messages.Select((m, i) => i == 0 ? m with { GoalEvent = "never_happens" } : m).ToArray(),
            });
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<TrainingDataException>(() => TrainAsync(data));

        Assert.Contains("'never_happens' (goal of welcome_tour)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_window_as_long_as_the_log_is_refused()
    {
        var data = await DataAsync(_ => Task.CompletedTask);

        var error = await Assert.ThrowsAsync<TrainingDataException>(() => TrainAsync(data, TrainingData.FastOptions with { ValidationDays = 60 }));

        Assert.Contains("--validation-days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calibration_that_would_reverse_the_ranking_is_refused_and_a_rising_one_kept()
    {
        var error = Assert.Throws<TrainingDataException>(() => BinaryModelTrainer.CheckSlope("fatigue", new PlattScaling(-0.04, -3), 1_949));

        Assert.Contains("The fatigue model's scores do not rank its 1,949 held-out calibration rows", error.Message, StringComparison.Ordinal);
        var rising = new PlattScaling(0.4, -0.1);
        Assert.Same(rising, BinaryModelTrainer.CheckSlope("fatigue", rising, 10));
    }

    [Theory]
    [InlineData(nameof(TrainingOptions.ValidationDays))]
    [InlineData(nameof(TrainingOptions.CalibrationFraction))]
    [InlineData(nameof(TrainingOptions.MinimumPositives))]
    [InlineData(nameof(TrainingOptions.Threads))]
    [InlineData("Propensity.LearningRate")]
    [InlineData("Fatigue.Leaves")]
    public void Options_out_of_range_are_refused_naming_the_option(string option)
    {
        var options = option switch
        {
            nameof(TrainingOptions.ValidationDays) => new TrainingOptions { ValidationDays = 0 },
            nameof(TrainingOptions.CalibrationFraction) => new TrainingOptions { CalibrationFraction = 1 },
            nameof(TrainingOptions.MinimumPositives) => new TrainingOptions { MinimumPositives = -1 },
            nameof(TrainingOptions.Threads) => new TrainingOptions { Threads = 0 },
            "Propensity.LearningRate" => new TrainingOptions { Propensity = new BoosterOptions { LearningRate = 0 } },
            _ => new TrainingOptions { Fatigue = new BoosterOptions { Leaves = 1 } },
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => new TrainingJob(options));

        Assert.Equal(option, error.ParamName);
    }

    public void Dispose() => _root.Dispose();

    private async Task<string> DataAsync(Func<string, Task> damage)
    {
        var data = _root.File($"data-{Guid.NewGuid():N}");
        await TrainingData.WriteAsync(data, users: 300, days: 30);
        await damage(data);
        return data;
    }

    private Task<TrainingResult> TrainAsync(string data, TrainingOptions? options = null) =>
        new TrainingJob(options ?? TrainingData.FastOptions).RunAsync(data, _root.File($"bundle-{Guid.NewGuid():N}"));
}
