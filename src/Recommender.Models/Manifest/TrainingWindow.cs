namespace Recommender.Models.Manifest;

/// <summary>
/// The periods of a run. Training rows are decisions whose label window closed before <see cref="ValidationFrom"/>;
/// validation rows are decisions from <see cref="ValidationFrom"/> on whose label window closed by <see cref="DataEnd"/>.
/// </summary>
/// <remarks>
/// A label is only final once its window has passed: a send two days before the end of the log with a seven-day
/// goal window would count as a failure that may yet succeed. Such rows are left out rather than labelled wrong.
/// Cutting training labels at <see cref="ValidationFrom"/> too mimics a model trained on that day and then used on
/// the following days: it knows nothing that happened after it was trained.
/// </remarks>
/// <param name="DataStart">First event in the log.</param>
/// <param name="DataEnd">Last event in the log.</param>
/// <param name="ValidationFrom">Start of the validation window: <see cref="DataEnd"/> minus the validation days.</param>
public sealed record TrainingWindow(DateTime DataStart, DateTime DataEnd, DateTime ValidationFrom);
