using ScottPlot;

namespace Recommender.Notebooks;

/// <summary>
/// ScottPlot set up as the evaluation report sets it up (Recommender.Evaluation's Charts): text in DejaVu Sans, which
/// Debian installs with fonts-dejavu-core, so a chart is drawn the same on every machine; plus the categorical bar
/// charts every notebook needs, which take a few lines of ScottPlot each.
/// </summary>
public static class Plots
{
    public const string Font = "DejaVu Sans";

    /// <summary>A plot with its title and axis labels set in <see cref="Font"/>.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>
    /// Bars per category, one colour per series (grouped side by side when there are several), with the categories as
    /// tick labels: vertical bars by default, horizontal (categories down the left, first at the top) for long labels.
    /// </summary>
    public static Plot Bars(
        string title, string valueLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series,
        bool horizontal = false)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var plot = horizontal ? New(title, valueLabel, "") : New(title, "", valueLabel);
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / series.Count;
        var bars = new List<Bar>();
        for (var s = 0; s < series.Count; s++)
        {
            var values = series[s].Values;
            if (values.Count != categories.Count)
            {
                throw new ArgumentException($"Series {series[s].Name} has {values.Count} values for {categories.Count} categories.", nameof(series));
            }

            for (var c = 0; c < categories.Count; c++)
            {
                // Horizontal charts read top-down: the first category, and within it the first series, go to the top.
                var offset = (s - (series.Count - 1) / 2.0) * width;
                var position = horizontal ? categories.Count - 1 - c - offset : c + offset;
                bars.Add(new Bar
                {
                    Position = position,
                    Value = values[c],
                    Size = width,
                    FillColor = palette.GetColor(s),
                    Orientation = horizontal ? Orientation.Horizontal : Orientation.Vertical,
                });
            }

            if (series.Count > 1)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette.GetColor(s) });
            }
        }

        plot.Add.Bars(bars);
        var ticks = Enumerable.Range(0, categories.Count).Select(i => (double)(horizontal ? categories.Count - 1 - i : i)).ToArray();
        if (horizontal)
        {
            plot.Axes.Left.SetTicks(ticks, [.. categories]);
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.Margins(left: 0);
        }
        else
        {
            CategoryTicks(plot, ticks, categories);
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            plot.Axes.Margins(bottom: 0);
        }

        if (series.Count > 1)
        {
            plot.ShowLegend(horizontal ? Alignment.LowerRight : Alignment.UpperRight);
        }

        return plot;
    }

    /// <summary>
    /// Category names under the bottom axis at <paramref name="positions"/>; names longer than a few letters are slanted
    /// (down to the right, from their tick) and the axes make room for them, so that none overlaps or is cut off.
    /// </summary>
    public static void CategoryTicks(Plot plot, IReadOnlyList<double> positions, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(names);
        plot.Axes.Bottom.SetTicks([.. positions], [.. names]);
        var longest = names.Count == 0 ? 0 : names.Max(n => n.Length);
        if (longest > 4)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            // About 7 pixels a letter at the default size, slanted at 35 degrees: sin 35 = 0.57 down, cos 35 = 0.82 across.
            plot.Axes.Bottom.MinimumSize = (float)(30 + 7 * 0.57 * longest);
            plot.Axes.Right.MinimumSize = (float)(10 + 7 * 0.82 * names[^1].Length);
        }
    }

    /// <inheritdoc cref="Bars(string, string, IReadOnlyList{string}, IReadOnlyList{ValueTuple{string, IReadOnlyList{double}}}, bool)"/>
    public static Plot Bars(string title, string valueLabel, IReadOnlyList<string> categories, IReadOnlyList<double> values, bool horizontal = false) =>
        Bars(title, valueLabel, categories, [("", values)], horizontal);
}
