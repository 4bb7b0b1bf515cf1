using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Engine.Simulation;

/// <summary>
/// The results of replications: for each seed, one value per named statistic (such as <c>mean_wait</c>). Estimate a
/// statistic with <see cref="Estimate(string, double)"/>; write the set as CSV (<see cref="ToCsv"/>), read it back
/// (<see cref="ParseCsv(string)"/>) and merge sets run on different machines (<see cref="Merge(ReplicationSet[])"/>).
/// </summary>
/// <remarks>Rows are kept in seed order, so a merged set equals the set of one run over the same seeds, value for value,
/// and the CSV of both is the same text (values are written with round-trip precision).</remarks>
public sealed class ReplicationSet
{
    private readonly string[] _columns;
    private readonly SortedDictionary<ulong, double[]> _rows = new();

    /// <summary>Creates an empty set with the given statistic names.</summary>
    /// <param name="columns">The statistic names, in column order; distinct, without commas, quotes or line breaks.</param>
    /// <exception cref="ArgumentException">No name, a repeated name, or a name that CSV would have to quote.</exception>
    public ReplicationSet(IEnumerable<string> columns)
    {
        if (columns is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(columns));
        }

        _columns = new List<string>(columns).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string c in _columns)
        {
            if (string.IsNullOrEmpty(c) || c.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 || c == "seed" || !seen.Add(c))
            {
                throw new ArgumentException("Statistic name '" + c + "' is empty, repeated, 'seed', or contains a comma, quote or line break.", nameof(columns));
            }
        }

        if (_columns.Length == 0)
        {
            throw new ArgumentException("A replication set needs at least one statistic.", nameof(columns));
        }
    }

    /// <summary>The statistic names, in column order.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The number of replications.</summary>
    public int Count => _rows.Count;

    /// <summary>The seeds, in increasing order.</summary>
    public IEnumerable<ulong> Seeds => _rows.Keys;

    /// <summary>The value of statistic <paramref name="column"/> in the replication with <paramref name="seed"/>.</summary>
    /// <param name="seed">A seed of the set.</param>
    /// <param name="column">A statistic name.</param>
    public double this[ulong seed, string column] => _rows[seed][ColumnIndex(column)];

    /// <summary>Adds the results of the replication with <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="values">One value per statistic, by name.</param>
    /// <exception cref="ArgumentException">The seed is already in the set, or the names differ from <see cref="Columns"/>.</exception>
    public void Add(ulong seed, IReadOnlyDictionary<string, double> values)
    {
        if (values is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(values));
        }

        if (values.Count != _columns.Length)
        {
            throw new ArgumentException("The replication with seed " + seed + " reported " + values.Count + " statistics; the set has " +
                _columns.Length + " (" + string.Join(", ", _columns) + ").", nameof(values));
        }

        var row = new double[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            if (!values.TryGetValue(_columns[i], out row[i]))
            {
                throw new ArgumentException("The replication with seed " + seed + " did not report statistic '" + _columns[i] + "'.", nameof(values));
            }
        }

        AddRow(seed, row);
    }

    /// <summary>The values of <paramref name="column"/>, in seed order.</summary>
    /// <param name="column">A statistic name.</param>
    /// <returns>The values.</returns>
    public IReadOnlyList<double> Values(string column)
    {
        int c = ColumnIndex(column);
        var values = new List<double>(_rows.Count);
        foreach (double[] row in _rows.Values)
        {
            values.Add(row[c]);
        }

        return values;
    }

    /// <summary>The mean of <paramref name="column"/> over the replications, with its confidence interval.</summary>
    /// <param name="column">A statistic name.</param>
    /// <param name="level">The confidence level, such as 0.95.</param>
    /// <returns>The estimate.</returns>
    public Estimate Estimate(string column, double level = 0.95) => Simulation.Estimate.Of(Values(column), level);

    /// <summary>The set as CSV: a header <c>seed,NAME...</c>, then one line per replication in seed order, values in
    /// round-trip format. Sets of disjoint seed ranges merge by concatenating their lines (<see cref="Merge(ReplicationSet[])"/>).</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        var text = new StringBuilder("seed,").Append(string.Join(",", _columns)).Append('\n');
        foreach (KeyValuePair<ulong, double[]> row in _rows)
        {
            text.Append(row.Key.ToString(CultureInfo.InvariantCulture));
            foreach (double v in row.Value)
            {
                text.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteCsv(TextWriter writer)
    {
        if (writer is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(writer));
        }

        writer.Write(ToCsv());
    }

    /// <summary>Reads a set written by <see cref="ToCsv"/>.</summary>
    /// <param name="csv">The CSV text.</param>
    /// <returns>The set.</returns>
    /// <exception cref="FormatException">The text is not a replication CSV (its header, a line's field count, a seed or a value).</exception>
    public static ReplicationSet ParseCsv(string csv)
    {
        if (csv is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(csv));
        }

        string[] lines = csv.Replace("\r", string.Empty).Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("seed,", StringComparison.Ordinal))
        {
            throw new FormatException("A replication CSV starts with a header 'seed,NAME,...'.");
        }

        string[] header = lines[0].Split(',');
        var columns = new string[header.Length - 1];
        Array.Copy(header, 1, columns, 0, columns.Length);
        var set = new ReplicationSet(columns);
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            if (fields.Length != header.Length || !ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            {
                throw new FormatException("Line " + (i + 1) + " of the replication CSV needs a seed and " + columns.Length + " values: '" + lines[i] + "'.");
            }

            var row = new double[columns.Length];
            for (int c = 0; c < columns.Length; c++)
            {
                if (!double.TryParse(fields[c + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]))
                {
                    throw new FormatException("Line " + (i + 1) + " of the replication CSV has a value that is not a number: '" + fields[c + 1] + "'.");
                }
            }

            set.AddRow(seed, row);
        }

        return set;
    }

    /// <summary>Merges sets of the same statistics and disjoint seeds (parts of one study run on different machines) into
    /// one set, equal to a run over all their seeds.</summary>
    /// <param name="parts">The sets.</param>
    /// <returns>The merged set.</returns>
    /// <exception cref="ArgumentException">No set, their statistics differ, or a seed appears twice.</exception>
    public static ReplicationSet Merge(params ReplicationSet[] parts)
    {
        if (parts is null || parts.Length == 0)
        {
            throw new ArgumentException("Merge needs at least one replication set.", nameof(parts));
        }

        var merged = new ReplicationSet(parts[0]._columns);
        foreach (ReplicationSet part in parts)
        {
            if (string.Join(",", part._columns) != string.Join(",", merged._columns))
            {
                throw new ArgumentException("Replication sets with different statistics cannot be merged: (" + string.Join(", ", part._columns) +
                    ") against (" + string.Join(", ", merged._columns) + ").", nameof(parts));
            }

            foreach (KeyValuePair<ulong, double[]> row in part._rows)
            {
                merged.AddRow(row.Key, row.Value);
            }
        }

        return merged;
    }

    private void AddRow(ulong seed, double[] row)
    {
        if (_rows.ContainsKey(seed))
        {
            throw new ArgumentException("Seed " + seed + " is already in the replication set; seed ranges of merged runs must not overlap.");
        }

        _rows.Add(seed, row);
    }

    private int ColumnIndex(string column)
    {
        int c = Array.IndexOf(_columns, column);
        if (c < 0)
        {
            throw new KeyNotFoundException("The replication set has no statistic '" + column + "'; it has " + string.Join(", ", _columns) + ".");
        }

        return c;
    }
}
