using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.Persist;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Runs a world on the virtual clock to its end, saving (through JSON) before every iteration, then restores every save
// and runs it to its end too: each restored run must print the rest of the original trace and leave every task in the
// original's final state (result, failure with its type and message, cancellation, or the wait it is stuck in).
internal static class WorldRun
{
    public static string State(CoTask task) =>
        task.Name + ": " + (task.IsDone
            ? (task.IsCancelled ? "cancelled" + (task.CancelMessage is { } m ? " '" + m + "'" : "") : task.Exception is { } e ? "failed " + e.GetType().Name + " '" + e.Message + "'" : "result " + Format(task.Result))
            : "waits " + task.WaitingFor);

    public static int RestoreEverywhere(Func<EventLoop, List<CoTask>> populate, params ISaveConverter[] converters)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var trace = new List<string>();
        loop.Trace = trace.Add;
        List<CoTask> tasks = populate(loop);
        var saves = new List<(string Json, int TraceAt)>();
        do
        {
            saves.Add((JsonSerializer.Serialize(loop.Save(converters)), trace.Count));
        }
        while (loop.RunOnce());

        var final = tasks.ToDictionary(t => t.Id, State);
        for (int i = 0; i < saves.Count; i++)
        {
            using EventLoop restored = EventLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(saves[i].Json)!, converters);
            var restoredTrace = new List<string>();
            restored.Trace = restoredTrace.Add;
            CoTask[] live = restored.GetTasks();
            int guard = 0;
            while (guard++ < 10_000 && restored.RunOnce())
            {
            }

            TraceAssert.Continues(trace, saves[i].TraceAt, restoredTrace, "restored before iteration " + i);
            foreach (CoTask task in live)
            {
                if (final.TryGetValue(task.Id, out string? expected))
                {
                    Assert.AreEqual(expected, State(task), "restored before iteration " + i);
                }
            }
        }

        return saves.Count;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable list and not string => "[" + string.Join(",", list.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
