using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Engine.Tests.Simulation;

namespace Engine.Tests.Core.Differential;

// The recorded logs of the differential tests (asyncio programs, SimPy models): one file of logs, each introduced by a
// header line with its number; and how two logs are compared and shown.
internal static class DiffLogs
{
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
