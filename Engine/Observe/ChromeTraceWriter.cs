using System.Collections.Generic;
using System.Text;

namespace Engine.Observe;

// The Chrome trace event format (the JSON object form, which Perfetto and chrome://tracing open): process 1 is the
// loop; thread 0 is the loop itself (timers, sockets, callbacks), thread N + 1 is lane N (one task). Steps are B/E
// pairs, waits and ready turns complete (X) events, spawns, ends and clock jumps instant (i) events, and each wake-up
// or spawn a flow: "s" inside the waker's step (or a one-unit slice on the loop's thread), "f" binding to the woken
// task's next step. Timestamps are the timeline's positions (microseconds of loop time, one per event at an instant).
internal static class ChromeTraceWriter
{
    private const int Pid = 1;

    public static string Write(Timeline timeline)
    {
        var json = new StringBuilder("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"axis\":");
        json.String(timeline.Axis.ToString()).Append(",\"generator\":\"Engine.Observe\"},\"traceEvents\":[\n");
        bool first = true;
        Metadata(json, ref first, "process_name", 0, "name", "EventLoop");
        Metadata(json, ref first, "thread_name", 0, "name", "loop (timers, sockets, callbacks)");
        Metadata(json, ref first, "thread_sort_index", 0, "sort_index", null, 0);
        foreach (TimelineLane lane in timeline.Lanes)
        {
            // A track per task, named as the live view names it: id, name, and the group it was spawned into, if any.
            string thread = "#" + lane.TaskId + " " + lane.Name + (lane.Group.Length > 0 ? " (" + lane.Group + ")" : string.Empty);
            Metadata(json, ref first, "thread_name", lane.Index + 1, "name", thread);
            Metadata(json, ref first, "thread_sort_index", lane.Index + 1, "sort_index", null, lane.Index + 1);
        }

        // Events sorted by timestamp (then ends before begins at equal time, so slices never overlap on a track).
        var items = new List<(double Ts, int Order, string Json)>();
        foreach (TimelineSlice slice in timeline.Slices)
        {
            int tid = slice.Lane + 1;
            if (slice.Kind == TimelineSliceKind.Step)
            {
                items.Add((slice.Start, 2, Event("B", slice.Label, "step", tid, slice.Start, Args(slice))));
                items.Add((slice.End, 0, Event("E", slice.Label, "step", tid, slice.End, null)));
            }
            else if (slice.End > slice.Start)
            {
                string name = slice.Kind == TimelineSliceKind.Ready ? "ready" : "waits for " + slice.Label;
                items.Add((slice.Start, 1, Event("X", name, slice.Kind == TimelineSliceKind.Ready ? "ready" : "wait", tid, slice.Start, Args(slice), slice.End - slice.Start)));
            }
        }

        foreach (TimelineMark mark in timeline.Marks)
        {
            string scope = mark.Lane < 0 ? "g" : "t";
            items.Add((mark.At, 3, Event("i", mark.Label, mark.Kind.ToString(), mark.Lane + 1, mark.At, null, scope: scope)));
        }

        int id = 0;
        foreach (TimelineArrow arrow in timeline.Arrows)
        {
            id++;
            int from = arrow.FromLane + 1;
            if (arrow.FromLane < 0)
            {
                items.Add((arrow.From - 0.25, 1, Event("X", arrow.Label, "loop", 0, arrow.From - 0.25, null, 0.5)));
            }

            string cat = arrow.Kind == TimelineArrowKind.Wake ? "wake" : "spawn";
            items.Add((arrow.From, 3, Flow("s", arrow.Label, cat, from, arrow.From, id)));
            items.Add((arrow.To, 3, Flow("f", arrow.Label, cat, arrow.ToLane + 1, arrow.To, id)));
        }

        items.Sort((a, b) => a.Ts != b.Ts ? a.Ts.CompareTo(b.Ts) : a.Order.CompareTo(b.Order));
        foreach ((_, _, string item) in items)
        {
            json.Append(first ? string.Empty : ",\n").Append(item);
            first = false;
        }

        return json.Append("\n]}\n").ToString();
    }

    private static void Metadata(StringBuilder json, ref bool first, string name, int tid, string key, string? text, int number = 0)
    {
        json.Append(first ? string.Empty : ",\n").Append("{\"name\":").String(name).Append(",\"ph\":\"M\",\"pid\":").Append(Pid)
            .Append(",\"tid\":").Append(tid).Append(",\"args\":{").String(key).Append(':');
        if (text is null)
        {
            json.Append(number);
        }
        else
        {
            json.String(text);
        }

        json.Append("}}");
        first = false;
    }

    private static string Args(TimelineSlice slice)
    {
        var args = new StringBuilder("{\"time\":");
        args.Number(slice.Time).Append(",\"frame\":").Append(slice.Frame).Append(",\"detail\":").String(slice.Detail).Append('}');
        return args.ToString();
    }

    private static string Event(string ph, string name, string cat, int tid, double ts, string? args, double duration = double.NaN, string? scope = null)
    {
        var json = new StringBuilder("{\"name\":");
        json.String(name).Append(",\"cat\":").String(cat).Append(",\"ph\":\"").Append(ph).Append("\",\"pid\":").Append(Pid)
            .Append(",\"tid\":").Append(tid).Append(",\"ts\":").Number(ts);
        if (!double.IsNaN(duration))
        {
            json.Append(",\"dur\":").Number(duration);
        }

        if (scope is not null)
        {
            json.Append(",\"s\":\"").Append(scope).Append('"');
        }

        if (args is not null)
        {
            json.Append(",\"args\":").Append(args);
        }

        return json.Append('}').ToString();
    }

    private static string Flow(string ph, string name, string cat, int tid, double ts, int id)
    {
        var json = new StringBuilder("{\"name\":");
        json.String(name).Append(",\"cat\":").String(cat).Append(",\"ph\":\"").Append(ph).Append("\",\"id\":").Append(id)
            .Append(",\"pid\":").Append(Pid).Append(",\"tid\":").Append(tid).Append(",\"ts\":").Number(ts);
        if (ph == "f")
        {
            json.Append(",\"bp\":\"e\"");
        }

        return json.Append('}').ToString();
    }
}
