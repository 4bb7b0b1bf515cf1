using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.Tests.Core.Differential;

namespace Engine.Tests.Simulation.Differential;

// One model of tools/simpy-diff/models.py, parsed from its text: resources, stores, containers, events, the processes
// started at a time, and the sub-processes started by a `spawn` op.
internal sealed class SimModel
{
    public int Index { get; private set; }

    public List<string[]> Resources { get; } = new();

    public List<string[]> Stores { get; } = new();

    public List<string[]> Containers { get; } = new();

    public List<string[]> Events { get; } = new();

    public List<Process> Procs { get; } = new();

    public List<Process> Subs { get; } = new();

    public string Text { get; private set; } = "";

    public static List<SimModel> ParseAll(string text)
    {
        var models = new List<SimModel>();
        SimModel? current = null;
        var lines = new List<string>();
        foreach ((string raw, string[] words, string[][] ops) in DiffLogs.Declarations(text))
        {
            lines.Add(raw);
            switch (words[0])
            {
                case "model":
                    current = new SimModel { Index = int.Parse(words[1], CultureInfo.InvariantCulture) };
                    lines.Clear();
                    lines.Add(raw);
                    break;
                case "end":
                    current!.Text = string.Join("\n", lines);
                    models.Add(current);
                    current = null;
                    break;
                case "proc":
                case "sub":
                    double start = words[0] == "proc" ? double.Parse(words[2], CultureInfo.InvariantCulture) : double.NaN;
                    (words[0] == "proc" ? current!.Procs : current!.Subs).Add(new Process(words[1], start, ops));
                    break;
                case "res":
                    current!.Resources.Add(words[1..]);
                    break;
                case "store":
                    current!.Stores.Add(words[1..]);
                    break;
                case "cont":
                    current!.Containers.Add(words[1..]);
                    break;
                case "event":
                    current!.Events.Add(words[1..]);
                    break;
                default:
                    throw new FormatException("unknown model line: " + raw);
            }
        }

        return models;
    }

    internal sealed record Process(string Name, double Start, string[][] Ops);
}
