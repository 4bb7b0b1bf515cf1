using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Tests.Core.FaultInjection;

// The two sets of fault numbers a fault-injection run keeps: those thrown (a fault is counted when its throw statement
// runs, or when a future is failed with it) and those observed (a caught outcome, a gather's result, a task's outcome
// read at the end, or the loop's exception handler). Observe follows every chain an error can carry another in
// (Co.GetContext, InnerException, AggregateException.InnerExceptions); an error in a chain that is neither a fault nor
// a cancellation or timeout is foreign: an engine error leaking out. Shared by the core, game and simulation fuzzers.
internal sealed class FaultLedger
{
    public SortedSet<int> Thrown { get; } = new();

    public SortedSet<int> Observed { get; } = new();

    // Errors observed that no fault of the program explains, with where they were seen.
    public List<string> Foreign { get; } = new();

    public Exception Throw(int id)
    {
        Thrown.Add(id);
        return new ProgramFault(id);
    }

    public void Observe(Exception? error, string where)
    {
        var seen = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Exception>();
        if (error != null)
        {
            stack.Push(error);
        }

        while (stack.Count > 0)
        {
            Exception e = stack.Pop();
            if (!seen.Add(e))
            {
                continue;
            }

            if (e is ProgramFault f)
            {
                Observed.Add(f.Id);
            }
            else if (e is not CancelledException and not TimeoutException and not AggregateException)
            {
                Foreign.Add(where + ": " + e);
            }

            if (e is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions)
                {
                    stack.Push(inner);
                }
            }
            else if (e.InnerException != null)
            {
                stack.Push(e.InnerException);
            }

            if (Co.GetContext(e) is { } context)
            {
                stack.Push(context);
            }
        }
    }

    // The faults thrown and never observed.
    public SortedSet<int> Lost()
    {
        var lost = new SortedSet<int>(Thrown);
        lost.ExceptWith(Observed);
        return lost;
    }

    public static string Describe(Exception? error) => error switch
    {
        null => "ok",
        ProgramFault f => "E" + f.Id.ToString(CultureInfo.InvariantCulture),
        _ => error.GetType().Name,
    };

    // A using block's resource whose Dispose says so (say) and throws the fault.
    public IDisposable ThrowOnDispose(int fault, Action<string> say) => new ThrowingResource(this, fault, say);

    // The fault a program throws: its number is its message.
    internal sealed class ProgramFault : Exception
    {
        public ProgramFault(int id)
            : base("E" + id.ToString(CultureInfo.InvariantCulture)) => Id = id;

        public int Id { get; }
    }

    private sealed class ThrowingResource : IDisposable
    {
        private readonly FaultLedger _ledger;
        private readonly int _fault;
        private readonly Action<string> _say;

        public ThrowingResource(FaultLedger ledger, int fault, Action<string> say)
        {
            _ledger = ledger;
            _fault = fault;
            _say = say;
        }

        public void Dispose()
        {
            _say("Dispose throws E" + _fault.ToString(CultureInfo.InvariantCulture));
            throw _ledger.Throw(_fault);
        }
    }
}
