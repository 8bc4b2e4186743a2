using System.Text.Json;
using Recommender.Core;
using Recommender.Scoring;

namespace Recommender.Models;

/// <summary>A model's calibration file: the method, and the parameters of exactly that method.</summary>
public sealed record BundleCalibration
{
    public required CalibrationMethod Method { get; init; }

    public PlattScaling? Platt { get; init; }

    public IsotonicCalibration? Isotonic { get; init; }

    public static BundleCalibration Of(IProbabilityCalibrator calibrator) => calibrator switch
    {
        PlattScaling platt => new BundleCalibration { Method = CalibrationMethod.Platt, Platt = platt },
        IsotonicCalibration isotonic => new BundleCalibration { Method = CalibrationMethod.Isotonic, Isotonic = isotonic },
        _ => throw new ArgumentException($"No file format for calibrator {calibrator.GetType().Name}.", nameof(calibrator)),
    };

    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, CoreJson.Indented);
    }

    /// <exception cref="ModelBundleException">Not a calibration file, or its parameters do not match its method or are not finite.</exception>
    public static IProbabilityCalibrator Load(string path) => Load(File.ReadAllBytes(path), path);

    /// <summary>Reads a calibration file's <paramref name="bytes"/>; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="ModelBundleException">Not a calibration file, or its parameters do not match its method or are not finite.</exception>
    public static IProbabilityCalibrator Load(byte[] bytes, string path)
    {
        BundleCalibration? file;
        try
        {
            file = JsonSerializer.Deserialize<BundleCalibration>(bytes, CoreJson.Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new ModelBundleException($"{path} is not a valid calibration file ({e.Message}). Retrain the bundle with `recommender train`.", e);
        }

        return file switch
        {
            // A slope of 1e400 reads as infinity: every probability would be 0, 1 or not a number.
            { Method: CalibrationMethod.Platt, Platt: { } platt } when double.IsFinite(platt.Slope) && double.IsFinite(platt.Intercept) => platt,
            { Method: CalibrationMethod.Platt, Platt: { } platt } => throw new ModelBundleException(
                $"{path} has Platt parameters that are not finite numbers (slope {platt.Slope}, intercept {platt.Intercept}). Retrain the bundle with `recommender train`."),
            { Method: CalibrationMethod.Isotonic, Isotonic: { } isotonic } => isotonic,
            _ => throw new ModelBundleException(
                $"{path} names calibration method '{file?.Method}' without its parameters. Retrain the bundle with `recommender train`."),
        };
    }
}
