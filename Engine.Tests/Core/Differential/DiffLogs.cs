using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Engine.Tests.Simulation;

namespace Engine.Tests.Core.Differential;

// The files of the differential tests (asyncio programs, SimPy models): the programs' text, one line per declaration
// (`kind name ... | op args | op args`), and the recorded logs, each introduced by a header line with its number; and
// how two logs are compared and shown.
internal static class DiffLogs
{
    // The non-empty lines of a program file, each split into its head's words and its ops' words.
    public static IEnumerable<(string Raw, string[] Words, string[][] Ops)> Declarations(string text)
    {
        foreach (string raw in text.Replace("\r", string.Empty).Split('\n'))
        {
            if (raw.Length == 0)
            {
                continue;
            }

            string[] parts = raw.Split(" | ");
            var ops = new string[parts.Length - 1][];
            for (int i = 1; i < parts.Length; i++)
            {
                ops[i - 1] = parts[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }

            yield return (raw, parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), ops);
        }
    }

    public static Dictionary<int, List<string>> Read(string text, string header)
    {
        var logs = new Dictionary<int, List<string>>();
        List<string>? current = null;
        foreach (string line in PyLog.Lines(text))
        {
            if (line.StartsWith(header, StringComparison.Ordinal))
            {
                current = new List<string>();
                logs[int.Parse(line.Substring(header.Length), CultureInfo.InvariantCulture)] = current;
            }
            else
            {
                current!.Add(line);
            }
        }

        return logs;
    }

    // The index of the first line that differs, or -1 when the logs are the same.
    public static int FirstDifference(List<string> expected, List<string> actual)
    {
        for (int i = 0; i < expected.Count || i < actual.Count; i++)
        {
            if (i >= expected.Count || i >= actual.Count || expected[i] != actual[i])
            {
                return i;
            }
        }

        return -1;
    }

    // A few numbered lines around line i, the line itself marked.
    public static string Around(List<string> lines, int i)
    {
        var text = new StringBuilder();
        for (int k = Math.Max(0, i - 5); k < Math.Min(lines.Count, i + 4); k++)
        {
            text.Append(k + 1).Append(k == i ? " > " : "   ").Append(lines[k]).Append('\n');
        }

        return text.ToString();
    }
}
