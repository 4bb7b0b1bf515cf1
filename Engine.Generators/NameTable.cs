using System.Collections.Generic;
using System.Globalization;

namespace Engine.Generators;

/// <summary>
/// The one source of every name the generator invents (fields, labels, finally methods, parameters and locals of
/// generated members, renamed user locals and local functions), shared by <see cref="Lowerer"/> and, through
/// <see cref="MachineNames"/>, <see cref="MachineEmitter"/>.
/// </summary>
/// <remarks>
/// Design: seeded with every identifier token of the method (including lambdas, local functions, query clauses,
/// pattern designations and labels) and with the base class members generated code refers to, so an invented name
/// can never capture, shadow or be shadowed by a user name. Claiming is first-come: a preferred name is kept when
/// free, otherwise a number is appended.
/// </remarks>
internal sealed class NameTable
{
    /// <summary>Members of <c>CoroutineMachine</c> and <c>object</c> that generated code names directly.</summary>
    public static readonly string[] BaseMembers =
    {
        "Current", "Name", "State", "Site", "Shape", "SiteCount", "End", "Suspend", "SuspendAndRecord", "PendingAt", "Reissue", "ClearCurrent", "Step", "MoveNext",
        "Reset", "Dispose", "Snapshot", "Restore", "Save", "Load", "Bind", "Advance", "GetType", "ToString", "Equals",
        "GetHashCode", "MemberwiseClone", "Finalize", "Rent",
    };

    private readonly HashSet<string> _used = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, int> _claimed = new(System.StringComparer.Ordinal);

    public NameTable(IEnumerable<string> identifiers)
    {
        foreach (string name in identifiers)
        {
            _used.Add(name);
        }

        foreach (string name in BaseMembers)
        {
            _used.Add(name);
        }
    }

    /// <summary>Whether a name is taken (by the user or by an earlier claim).</summary>
    public bool IsUsed(string name) => _used.Contains(name);

    /// <summary>Claims <paramref name="preferred"/>, or <paramref name="preferred"/> followed by the smallest free number from 2.</summary>
    /// <remarks>Names are never released, so the smallest free number only grows: the search for a preferred name
    /// claimed before resumes after the number it gave last time, and claiming it n times costs O(n), not O(n²).</remarks>
    public string Claim(string preferred)
    {
        if (_used.Add(preferred))
        {
            return preferred;
        }

        _claimed.TryGetValue(preferred, out int last);
        string candidate;
        int i = System.Math.Max(2, last + 1);
        while (!_used.Add(candidate = preferred + i.ToString(CultureInfo.InvariantCulture)))
        {
            i++;
        }

        _claimed[preferred] = i;
        return candidate;
    }

    /// <summary>Claims the next free numbered name of a kind: <c>endif1</c>, <c>endif2</c>, ...</summary>
    public string Numbered(string kind)
    {
        _counters.TryGetValue(kind, out int count);
        string candidate;
        do
        {
            count++;
            candidate = kind + count.ToString(CultureInfo.InvariantCulture);
        }
        while (_used.Contains(candidate));

        _counters[kind] = count;
        _used.Add(candidate);
        return candidate;
    }

    /// <summary>The names of the machine's own members, parameters and locals that the emitter writes.</summary>
    public MachineNames MachineNames() => new(
        State: Claim("_state"),
        Region: Claim("_region"),
        This: Claim("_this"),
        ArgThis: Claim("_argThis"),
        Rented: Claim("_rented"),
        Pool: Claim("t_pool"),
        Sites: Claim("s_sites"),
        SiteRegions: Claim("s_siteRegions"),
        RegionParents: Claim("s_regionParents"),
        CoroutineName: Claim("CoroutineName"),
        ShapeText: Claim("ShapeText"),
        Self: Claim("self"),
        MachineLocal: Claim("machine"),
        Initialize: Claim("Initialize"),
        ClearLocals: Claim("ClearLocals"),
        UnwindFrom: Claim("UnwindFrom"),
        RegionLocal: Claim("region"),
        ParentLocal: Claim("parent"),
        Completed: Claim("completed"),
        Result: Claim("result"),
        StepCore: Claim("StepCore"),
        Fields: Claim("fields"),
        StateParameter: Claim("state"),
        Reissue: Claim("reissue"),
        Finish: Claim("finish"),
        Value: Claim("value"),
        Bind: "Bind");
}
