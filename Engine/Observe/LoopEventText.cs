using System;
using System.Globalization;
using System.Text;

namespace Engine.Observe;

// One readable line per event: "1.000 Task-2 woken by timer". Used by the text trace and LoopEvent.ToString.
internal static class LoopEventText
{
    public static string Format(in LoopEvent e)
    {
        var text = new StringBuilder();
        text.Append(Time(e.Time)).Append(' ');
        if (e.Task is not null)
        {
            text.Append(e.Task.Name).Append(' ');
        }

        switch (e.Kind)
        {
            case LoopEventKind.Spawned:
                text.Append("spawn ").Append(e.Subject);
                if (e.Other is not null)
                {
                    text.Append(" by ").Append(e.Other.Name);
                }

                if (e.Group is { } group)
                {
                    text.Append(" into ").Append(group.ToString());
                }

                break;
            case LoopEventKind.StepBegan:
                text.Append("step ").Append(e.Subject);
                break;
            case LoopEventKind.Yielded:
                text.Append("yield ").Append(e.Instruction.ToString());
                AppendDue(text, e.Instruction, e.Number);
                break;
            case LoopEventKind.StepEnded:
                switch (e.Outcome)
                {
                    case StepOutcome.Parked:
                        text.Append("waits for ").Append(WaitTarget(e.Subject, e.Instruction));
                        AppendDue(text, e.Instruction, e.Number);
                        break;
                    case StepOutcome.Ready:
                        text.Append("ready again");
                        break;
                    default:
                        text.Append("step ends");
                        break;
                }

                break;
            case LoopEventKind.FrameReturned:
                text.Append("return from ").Append(e.Subject).Append(" with ").Append(e.Detail is null ? "null" : LoopEvent.TypeName(e.Detail));
                break;
            case LoopEventKind.FrameFailed:
                text.Append("exception leaves ").Append(e.Subject).Append(": ").Append(LoopEvent.ExceptionText(e.Detail));
                break;
            case LoopEventKind.Woken:
                text.Append("woken by ").Append(Waker(e));
                break;
            case LoopEventKind.CancelRequested:
                text.Append("cancel requested").Append(e.Other is null ? string.Empty : " by " + e.Other.Name);
                if (e.Subject is string message)
                {
                    text.Append(" (").Append(message).Append(')');
                }

                break;
            case LoopEventKind.Interrupted:
                text.Append("interrupted: ").Append(LoopEvent.ExceptionText(e.Subject));
                break;
            case LoopEventKind.Completed:
                text.Append("completed").Append(e.Subject is null ? string.Empty : " with " + LoopEvent.TypeName(e.Subject));
                break;
            case LoopEventKind.Failed:
                text.Append("failed: ").Append(LoopEvent.ExceptionText(e.Subject));
                break;
            case LoopEventKind.Cancelled:
                text.Append("cancelled");
                break;
            case LoopEventKind.IterationBegan:
                text.Append("frame ").Append(e.Frame);
                break;
            case LoopEventKind.ClockJumped:
                text.Append("clock jumps from ").Append(Time(e.Number));
                break;
            case LoopEventKind.TimersFired:
                text.Append(e.Cause == WakeCause.Frames ? "frame waits due at frame " + e.Number.ToString(CultureInfo.InvariantCulture) : "timers due at " + Time(e.Number))
                    .Append(" fire (").Append(e.Count).Append(')');
                break;
            case LoopEventKind.CallbackScheduled:
                text.Append("schedules ").Append(Callback(e.Subject)).Append(" at ").Append(Time(e.Number));
                break;
            case LoopEventKind.CallbackBegan:
                text.Append("runs ").Append(Callback(e.Subject));
                break;
            case LoopEventKind.CallbackEnded:
                text.Append(Callback(e.Subject)).Append(" ends");
                break;
            case LoopEventKind.IdleBegan:
                text.Append("loop sleeps").Append(double.IsPositiveInfinity(e.Number) ? " until a socket event or a post" : " up to " + e.Number.ToString("0.000###", CultureInfo.InvariantCulture) + " s");
                break;
            case LoopEventKind.IdleEnded:
                text.Append("loop wakes up");
                break;
            case LoopEventKind.DeadlockFound:
                text.Append("deadlock: ").Append(e.Subject is DeadlockReport report ? report.Kind + " of " + report.Blocked.Count + " tasks" : "?");
                break;
        }

        return text.ToString();
    }

    public static string Time(double time) => time.ToString("0.000###", CultureInfo.InvariantCulture);

    // What a parked task waits for, in a few words: "task #3 'cook'", "CoLock.Acquire", "timer".
    public static string WaitTarget(object? holder, Yield instruction)
    {
        if (holder is null)
        {
            return instruction.Kind switch
            {
                YieldKind.Seconds => "timer",
                YieldKind.Frames => "frames",
                YieldKind.Until or YieldKind.While => "predicate",
                _ => instruction.ToString(),
            };
        }

        return holder is Future future ? LoopInspector.FutureName(future) : holder.ToString() ?? holder.GetType().Name;
    }

    private static void AppendDue(StringBuilder text, Yield instruction, double due)
    {
        if (double.IsNaN(due))
        {
            return;
        }

        text.Append(instruction.Kind == YieldKind.Frames ? " until frame " + due.ToString(CultureInfo.InvariantCulture) : " until " + Time(due));
    }

    private static string Waker(in LoopEvent e)
    {
        string what = e.Cause switch
        {
            WakeCause.Timer => "timer",
            WakeCause.Frames => "frame count",
            WakeCause.Poll => "predicate",
            WakeCause.Socket => "socket",
            WakeCause.Timeout => "socket timeout",
            _ => e.Subject is Future future ? LoopInspector.FutureName(future) : e.Subject?.ToString() ?? e.Cause.ToString(),
        };
        if (e.Other is not null)
        {
            what += e.Subject is CoTask finished && ReferenceEquals(finished, e.Other) ? " finishing" : " (" + e.Other.Name + ")";
        }
        else if (e.Detail is not null)
        {
            what += " in " + Callback(e.Detail);
        }

        return what;
    }

    private static string Callback(object? callback) => callback switch
    {
        CallbackHandle handle => "callback " + MethodName(handle.Describe()),
        Action action => "posted " + MethodName(action.Method.Name),
        _ => "callback",
    };

    // "<Main>b__0_1" (a lambda in Main) reads as "lambda in Main".
    private static string MethodName(string name)
    {
        int close = name.IndexOf('>');
        return name.StartsWith("<", StringComparison.Ordinal) && close > 1 ? "lambda in " + name.Substring(1, close - 1) : name;
    }
}
