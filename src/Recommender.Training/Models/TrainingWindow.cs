namespace Recommender.Training.Models;

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
public sealed record TrainingWindow(DateTime DataStart, DateTime DataEnd, DateTime ValidationFrom)
{
    /// <summary>The window for a log spanning [<paramref name="dataStart"/>, <paramref name="dataEnd"/>].</summary>
    /// <exception cref="TrainingDataException">The validation window would leave less than a day of log before it.</exception>
    public static TrainingWindow For(DateTime dataStart, DateTime dataEnd, int validationDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(validationDays);
        var validationFrom = dataEnd.AddDays(-validationDays);
        if (validationFrom - dataStart < TimeSpan.FromDays(1))
        {
            throw new TrainingDataException(
                $"The log spans {(dataEnd - dataStart).TotalDays:F1} days ({dataStart:yyyy-MM-dd} to {dataEnd:yyyy-MM-dd}); a validation window of " +
                $"{validationDays} days leaves no training period. Use fewer --validation-days or a longer log.");
        }

        return new TrainingWindow(dataStart, dataEnd, validationFrom);
    }

    /// <summary>Where a decision at <paramref name="at"/> whose label needs <paramref name="labelWindow"/> to close belongs.</summary>
    internal RowRole Place(DateTime at, TimeSpan labelWindow)
    {
        var closes = at + labelWindow;
        if (at >= ValidationFrom)
        {
            return closes <= DataEnd ? RowRole.Validation : RowRole.None;
        }

        return closes <= ValidationFrom ? RowRole.Training : RowRole.None;
    }
}
