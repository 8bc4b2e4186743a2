using Recommender.Models.Manifest;

namespace Recommender.Training.Examples;

/// <summary>
/// How a run's <see cref="TrainingWindow"/> is chosen and how it places each example. The window itself is a plain
/// record of the bundle's manifest; the rules that make it live here, beside the examples they split.
/// </summary>
internal static class TrainingWindows
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
    public static RowRole Place(this TrainingWindow window, DateTime at, TimeSpan labelWindow)
    {
        var closes = at + labelWindow;
        if (at >= window.ValidationFrom)
        {
            return closes <= window.DataEnd ? RowRole.Validation : RowRole.None;
        }

        return closes <= window.ValidationFrom ? RowRole.Training : RowRole.None;
    }
}
