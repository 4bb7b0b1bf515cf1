using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Engine.Observe;

/// <summary>One line of a <see cref="ProfileReport"/>: a task or a suspension site, its steps and the time they took.</summary>
public sealed class ProfileLine
{
    internal ProfileLine(string name, long steps, double seconds, double maxSeconds)
    {
        Name = name;
        Steps = steps;
        Seconds = seconds;
        MaxSeconds = maxSeconds;
    }

    /// <summary>The task's name, or the site (<c>Member#n (File.cs:line)</c> for generated machines, the method otherwise).</summary>
    public string Name { get; }

    /// <summary>Steps counted.</summary>
    public long Steps { get; }

    /// <summary>Wall seconds those steps took in all.</summary>
    public double Seconds { get; }

    /// <summary>The longest of them, in seconds.</summary>
    public double MaxSeconds { get; }
}

/// <summary>One of the slowest steps of a <see cref="ProfileReport"/>.</summary>
public sealed class SlowStep
{
    internal SlowStep(long taskId, string taskName, string site, string yielded, double seconds, double time, long frame)
    {
        TaskId = taskId;
        TaskName = taskName;
        Site = site;
        Yielded = yielded;
        Seconds = seconds;
        Time = time;
        Frame = frame;
    }

    /// <summary>The task's id.</summary>
    public long TaskId { get; }

    /// <summary>The task's name.</summary>
    public string TaskName { get; }

    /// <summary>The site the step resumed at: where the slow code starts.</summary>
    public string Site { get; }

    /// <summary>The instruction the step ended with (the wait after the slow code), or <c>(finished)</c>.</summary>
    public string Yielded { get; }

    /// <summary>Wall seconds the step took.</summary>
    public double Seconds { get; }

    /// <summary>The loop time of the step.</summary>
    public double Time { get; }

    /// <summary>The frame of the step.</summary>
    public long Frame { get; }
}

/// <summary>What a <see cref="LoopProfiler"/> measured: as data, and as a readable table (<see cref="ToString"/>).</summary>
public sealed class ProfileReport
{
    internal ProfileReport(ProfileLine[] tasks, ProfileLine[] sites, SlowStep[] slowest, IReadOnlyDictionary<WakeCause, long> wakes, long steps, double stepping, double idle, double wall)
    {
        Tasks = tasks;
        Sites = sites;
        SlowestSteps = slowest;
        WakesByCause = wakes;
        Steps = steps;
        SteppingSeconds = stepping;
        IdleSeconds = idle;
        WallSeconds = wall;
    }

    /// <summary>Time per task, most first.</summary>
    public IReadOnlyList<ProfileLine> Tasks { get; }

    /// <summary>Time per suspension site the steps resumed at, most first.</summary>
    public IReadOnlyList<ProfileLine> Sites { get; }

    /// <summary>The slowest steps (up to 10), slowest first, with the site each resumed at.</summary>
    public IReadOnlyList<SlowStep> SlowestSteps { get; }

    /// <summary>Wake-ups counted by what caused them.</summary>
    public IReadOnlyDictionary<WakeCause, long> WakesByCause { get; }

    /// <summary>Steps measured.</summary>
    public long Steps { get; }

    /// <summary>Wall seconds spent stepping tasks.</summary>
    public double SteppingSeconds { get; }

    /// <summary>Wall seconds the loop slept, waiting for timers, sockets or posts (real clock).</summary>
    public double IdleSeconds { get; }

    /// <summary>Wall seconds from the first step or sleep measured to the last; what is neither stepping nor idle is the
    /// loop's own work (timers, callbacks, polls).</summary>
    public double WallSeconds { get; }

    /// <summary>The report as a readable table.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Profile: ").Append(Steps).Append(" steps, ").Append(Ms(SteppingSeconds)).Append(" stepping, ").Append(Ms(IdleSeconds)).Append(" idle, ")
            .Append(Ms(WallSeconds)).AppendLine(" wall");
        Table(text, "task", Tasks);
        Table(text, "site (resumed at)", Sites);
        text.AppendLine("slowest steps:");
        foreach (SlowStep step in SlowestSteps)
        {
            text.Append("  ").Append(Ms(step.Seconds).PadLeft(10)).Append("  '").Append(step.TaskName).Append("' at ").Append(step.Site).Append(" until ").Append(step.Yielded)
                .Append(" (t=").Append(step.Time.ToString("0.000", CultureInfo.InvariantCulture)).Append(", frame ").Append(step.Frame).AppendLine(")");
        }

        text.Append("wake-ups:");
        foreach (KeyValuePair<WakeCause, long> pair in WakesByCause)
        {
            text.Append(' ').Append(pair.Key).Append(' ').Append(pair.Value).Append(';');
        }

        return text.ToString().TrimEnd(';');
    }

    private static void Table(StringBuilder text, string what, IReadOnlyList<ProfileLine> lines)
    {
        text.Append("  ").Append("total".PadLeft(10)).Append(' ').Append("steps".PadLeft(8)).Append(' ').Append("max".PadLeft(10)).Append("  ").AppendLine(what);
        foreach (ProfileLine line in lines)
        {
            text.Append("  ").Append(Ms(line.Seconds).PadLeft(10)).Append(' ').Append(line.Steps.ToString(CultureInfo.InvariantCulture).PadLeft(8)).Append(' ')
                .Append(Ms(line.MaxSeconds).PadLeft(10)).Append("  ").AppendLine(line.Name);
        }
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.000", CultureInfo.InvariantCulture) + " ms";
}
