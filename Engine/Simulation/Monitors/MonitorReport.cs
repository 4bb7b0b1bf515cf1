using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Engine.Simulation;

/// <summary>
/// A report of several monitors, as an aligned text table or as CSV: <c>new MonitorReport(waits, queue).ToText()</c>.
/// Columns: name, kind (samples or time-weighted), count, mean, standard deviation, min, max, and the 50th, 90th and
/// 99th percentiles for monitors that keep their values (empty otherwise).
/// </summary>
public sealed class MonitorReport
{
    private static readonly string[] s_columns = { "name", "kind", "count", "mean", "std", "min", "max", "p50", "p90", "p99" };
    private readonly List<Statistic> _monitors = new();

    /// <summary>Creates a report of <paramref name="monitors"/>.</summary>
    /// <param name="monitors">The monitors, in the order to show them; null ones (a resource monitor never switched on)
    /// are skipped.</param>
    public MonitorReport(params Statistic?[] monitors)
    {
        if (monitors is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(monitors));
        }

        foreach (Statistic? m in monitors)
        {
            Add(m);
        }
    }

    /// <summary>Adds a monitor (a null one, such as a resource monitor that was never switched on, is skipped).</summary>
    /// <param name="monitor">The monitor.</param>
    /// <returns>This report.</returns>
    public MonitorReport Add(Statistic? monitor)
    {
        if (monitor is not null)
        {
            _monitors.Add(monitor);
        }

        return this;
    }

    /// <summary>The report as a text table, one monitor per line.</summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var rows = new List<string[]> { s_columns };
        foreach (Statistic m in _monitors)
        {
            rows.Add(Row(m, "0.####"));
        }

        var widths = new int[s_columns.Length];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        var line = new StringBuilder();
        foreach (string[] row in rows)
        {
            line.Clear();
            for (int i = 0; i < row.Length; i++)
            {
                line.Append(i < 2 ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i])).Append(i == row.Length - 1 ? string.Empty : "  ");
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The report as CSV (comma-separated, invariant culture, full precision), with a header line.</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        var text = new StringBuilder(string.Join(",", s_columns)).Append('\n');
        foreach (Statistic m in _monitors)
        {
            string[] row = Row(m, "R");
            row[0] = Quote(row[0]);
            text.Append(string.Join(",", row)).Append('\n');
        }

        return text.ToString();
    }

    private static string[] Row(Statistic m, string format)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string F(double v) => double.IsNaN(v) ? string.Empty : v.ToString(format, inv);
        bool p = m.Collects && m.TotalWeight > 0;
        return new[]
        {
            m.Name,
            m is TimeSeriesMonitor ? "time-weighted" : "samples",
            m.Count.ToString(inv),
            F(m.Mean),
            F(m.StandardDeviation),
            F(m.Min),
            F(m.Max),
            p ? F(m.Percentile(50)) : string.Empty,
            p ? F(m.Percentile(90)) : string.Empty,
            p ? F(m.Percentile(99)) : string.Empty,
        };
    }

    private static string Quote(string s) => s.IndexOfAny(new[] { ',', '"', '\n' }) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
