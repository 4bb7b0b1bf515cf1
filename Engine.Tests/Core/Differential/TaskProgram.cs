using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Tests.Core.Differential;

// One program of tools/asyncio-diff/programs.py, parsed from its text: the tasks started at time 0 in order, and the
// sub-tasks started by a `spawn` op; each with its list of ops.
internal sealed class TaskProgram
{
    public int Index { get; private set; }

    public List<(string Name, string[][] Ops)> Tasks { get; } = new();

    public Dictionary<string, string[][]> Subs { get; } = new();

    public string Text { get; private set; } = "";

    public static List<TaskProgram> ParseAll(string text)
    {
        var programs = new List<TaskProgram>();
        TaskProgram? current = null;
        var lines = new List<string>();
        foreach ((string raw, string[] words, string[][] ops) in DiffLogs.Declarations(text))
        {
            if (words[0] == "program")
            {
                current = new TaskProgram { Index = int.Parse(words[1], CultureInfo.InvariantCulture) };
                lines.Clear();
            }

            lines.Add(raw);
            if (words[0] == "end")
            {
                current!.Text = string.Join("\n", lines);
                programs.Add(current);
                continue;
            }

            if (words[0] is "task" or "sub")
            {
                if (words[0] == "task")
                {
                    current!.Tasks.Add((words[1], ops));
                }
                else
                {
                    current!.Subs[words[1]] = ops;
                }
            }
            else if (words[0] != "program")
            {
                throw new FormatException("unknown program line: " + raw);
            }
        }

        return programs;
    }
}
