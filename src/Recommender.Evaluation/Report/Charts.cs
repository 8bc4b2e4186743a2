using System.Globalization;
using Recommender.Evaluation.Quality;
using Recommender.Evaluation.Replay;
using ScottPlot;

namespace Recommender.Evaluation.Report;

/// <summary>
/// The report's charts as SVG text made by ScottPlot, to be inlined in the HTML: no image files, no scripts, and
/// vector output that prints sharply. Text is set in DejaVu Sans, which Debian installs with fonts-dejavu-core, so a
/// chart renders the same on every machine that reads the report.
/// </summary>
internal static class Charts
{
    public const string Font = "DejaVu Sans";
    private const int Width = 520;
    private const int Height = 360;

    public static string Reliability(string model, IReadOnlyList<ReliabilityBin> bins)
    {
        var plot = NewPlot($"Reliability: {model}", "mean predicted probability", "observed rate");
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        diagonal.LegendText = "perfectly calibrated";
        var filled = bins.Where(b => b.Rows > 0).ToArray();
        var points = plot.Add.Scatter(filled.Select(b => b.MeanPredicted!.Value).ToArray(), filled.Select(b => b.ObservedRate!.Value).ToArray());
        points.LegendText = "model (10 equal-width bins)";
        points.MarkerSize = 7;
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return Svg(plot);
    }

    public static string Gain(string model, IReadOnlyList<GainPoint> points)
    {
        var plot = NewPlot($"Cumulative gain: {model}", "share of rows, highest predicted first", "share of positives found");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Gray;
        chance.LegendText = "chance";
        var xs = new[] { 0.0 }.Concat(points.Select(p => p.RowShare)).ToArray();
        var ys = new[] { 0.0 }.Concat(points.Select(p => p.Gain ?? 0)).ToArray();
        var curve = plot.Add.Scatter(xs, ys);
        curve.LegendText = "model";
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        return Svg(plot);
    }

    public static string Importance(string model, IReadOnlyList<FeatureImportance> features)
    {
        var plot = NewPlot($"Permutation importance: {model}", "AUC drop when shuffled", "");
        var shown = features.Reverse().ToArray();
        var bars = shown.Select((f, i) => new Bar { Position = i, Value = f.AucDrop, Orientation = Orientation.Horizontal, FillColor = Colors.SteelBlue }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, shown.Length).Select(i => (double)i)], [.. shown.Select(f => f.Feature)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0);
        return Svg(plot, height: Math.Max(Height, 60 + 18 * shown.Length), width: 760);
    }

    /// <summary>Each policy's estimate of one metric per estimator, with its 95% interval as an error bar.</summary>
    public static string OffPolicy(string metric, IReadOnlyList<OpeRow> rows)
    {
        var plot = NewPlot($"Off-policy estimates: {metric}", "", metric + " per decision");
        var selected = rows.Where(r => r.Metric == metric).ToArray();
        var labels = selected.Select(r => $"{r.Policy} {r.Estimator}").ToArray();
        var positions = Enumerable.Range(0, selected.Length).Select(i => (double)i).ToArray();
        var values = selected.Select(r => r.Value).ToArray();
        var points = plot.Add.Scatter(positions, values);
        points.LineWidth = 0;
        points.MarkerSize = 8;
        var bars = plot.Add.ErrorBar(positions, values, [.. selected.Select(r => r.Value - r.CiLow)]);
        bars.YErrorNegative = [.. selected.Select(r => r.Value - r.CiLow)];
        bars.YErrorPositive = [.. selected.Select(r => r.CiHigh - r.Value)];
        bars.Color = points.Color;
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Right.MinimumSize = 80;
        return Svg(plot, width: 760);
    }

    public static string SendsPerWeek(IReadOnlyList<SuppressionAnalysis> analyses)
    {
        var plot = NewPlot("Sends per user per week", "sends in the week", "share of user-weeks");
        var palette = new ScottPlot.Palettes.Category10();
        var groups = analyses.Count;
        var bars = new List<Bar>();
        for (var g = 0; g < groups; g++)
        {
            var a = analyses[g];
            for (var b = 0; b < a.SendsPerUserWeek.Count; b++)
            {
                bars.Add(new Bar
                {
                    Position = b + (g - (groups - 1) / 2.0) * 0.8 / groups,
                    Value = a.UserWeeks == 0 ? 0 : (double)a.SendsPerUserWeek[b].UserWeeks / a.UserWeeks,
                    Size = 0.8 / groups,
                    FillColor = palette.GetColor(g),
                });
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = a.Policy, FillColor = palette.GetColor(g) });
        }

        plot.Add.Bars(bars);
        var first = analyses[0].SendsPerUserWeek;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, first.Count).Select(i => (double)i)], [.. first.Select(b => b.Sends)]);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return Svg(plot);
    }

    public static string SuppressionsByRule(IReadOnlyDictionary<string, long> byRule)
    {
        var plot = NewPlot("Candidates removed per hard rule (candidate policy)", "", "candidates removed");
        var rules = byRule.OrderBy(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).ToArray();
        var bars = rules.Select((r, i) => new Bar { Position = i, Value = r.Value, Orientation = Orientation.Horizontal, FillColor = Colors.IndianRed }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rules.Length).Select(i => (double)i)], [.. rules.Select(r => r.Key)]);
        plot.Axes.Margins(left: 0);
        return Svg(plot, height: Math.Max(Height, 60 + 22 * rules.Length), width: 760);
    }

    /// <summary>Lines over consecutive windows (x: the windows' start dates), one per series; a null value leaves a gap.</summary>
    public static string WindowSeries(string title, string y, IReadOnlyList<string> windows, IReadOnlyList<(string Name, double?[] Values)> series, double? line = null)
    {
        var plot = NewPlot(title, "window starting", y);
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < series.Count; s++)
        {
            var points = series[s].Values.Select((v, i) => (X: (double)i, Y: v)).Where(p => p.Y is not null).ToArray();
            var scatter = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y!.Value).ToArray());
            scatter.LegendText = series[s].Name;
            scatter.Color = palette.GetColor(s);
            scatter.MarkerSize = 7;
        }

        if (line is { } l)
        {
            var attention = plot.Add.HorizontalLine(l);
            attention.LinePattern = LinePattern.Dashed;
            attention.Color = Colors.IndianRed;
            attention.LegendText = "attention line";
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, windows.Count).Select(i => (double)i)], [.. windows]);
        plot.Axes.Margins(bottom: 0.05);
        plot.ShowLegend(Alignment.UpperLeft);
        return Svg(plot, width: 760);
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    /// <summary>
    /// The SVG element alone: the XML declaration is not allowed inside HTML. Drawn in the invariant culture: the
    /// plotting library labels its ticks in the thread's culture, so on a German machine the axes read "0,1" beside
    /// the report's "0.1", and the same data gave another report on another machine.
    /// </summary>
    private static string Svg(Plot plot, int width = Width, int height = Height)
    {
        var culture = CultureInfo.CurrentCulture;
        string svg;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            svg = plot.GetSvgXml(width, height);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return (start < 0 ? svg : svg[start..]).Trim();
    }

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
