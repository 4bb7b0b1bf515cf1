using System;
using System.Collections.Generic;

namespace Engine.Game;

/// <summary>
/// The life of an owner that tasks end with: when the lifetime ends, every task attached to it is killed (their
/// <c>finally</c> blocks have run when <see cref="End"/> returns), and so are its child lifetimes. The owner is whatever
/// the host defines as alive: code that calls <see cref="End"/> (a Unity component's <c>OnDestroy</c>), a future or
/// task (<see cref="Of(Future)"/>), a condition checked once per frame (<see cref="While(EventLoop, Func{bool})"/>, such
/// as <c>() =&gt; gameObject != null</c>), or a script group's next kill (<see cref="ScriptGroup.Lifetime"/>).
/// </summary>
/// <remarks>Design: attaching costs one slot in a list that drops finished tasks when it fills, so binding every script to
/// an owner allocates nothing per frame; ending is a walk over that list. Child lifetimes are kept the same way: a
/// child that ended on its own leaves its parent's list when the list next fills.</remarks>
public sealed partial class Lifetime : ICompletionListener
{
    private readonly EventLoop _loop;
    private readonly TaskList _tasks = new();
    private List<Lifetime>? _children;
    private CoTask? _watcher;
    private string? _endReason;
    private bool _ended;
    private object? _owner;
    private GameLoop? _game;

    /// <summary>Creates a lifetime that lasts until <see cref="End"/> is called.</summary>
    /// <param name="loop">The loop of the tasks it will hold.</param>
    public Lifetime(EventLoop loop)
    {
        if (loop is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(loop));
        }

        _loop = loop;
    }

    internal Lifetime(EventLoop loop, object owner, GameLoop game)
        : this(loop)
    {
        _owner = owner;
        _game = game;
    }

    /// <summary>The host object this lifetime belongs to (<see cref="GameLoop.CreateLifetime(object)"/>), or
    /// <see langword="null"/> for a lifetime of no owner.</summary>
    public object? Owner => _owner;

    /// <summary><see langword="true"/> once the lifetime has ended.</summary>
    public bool IsEnded => _ended;

    /// <summary>Why it ended (the message its tasks' <see cref="CancelledException"/> carries), or <see langword="null"/>.</summary>
    public string? EndReason => _endReason;

    /// <summary>A lifetime that ends when <paramref name="owner"/> completes, whatever its outcome: helpers of a script end
    /// with the script.</summary>
    /// <param name="owner">A future or task.</param>
    /// <returns>The lifetime; already ended if the owner is done.</returns>
    public static Lifetime Of(Future owner)
    {
        if (owner is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(owner));
        }

        var lifetime = new Lifetime(owner.Loop);
        if (owner.IsDone)
        {
            lifetime.End(Describe(owner));
        }
        else
        {
            owner.AddWaiter(lifetime, 0);
        }

        return lifetime;
    }

    /// <summary>A lifetime that ends once <paramref name="isAlive"/> returns <see langword="false"/>, checked once per loop
    /// iteration (frame) by a small watcher task of no group, so paused groups do not delay it. If the condition throws, the
    /// lifetime ends and the watcher fails with that exception, which goes to the loop's exception handler.</summary>
    /// <param name="loop">The loop.</param>
    /// <param name="isAlive">Whether the owner still lives, such as <c>() =&gt; gameObject != null</c> in Unity.</param>
    /// <returns>The lifetime.</returns>
    public static Lifetime While(EventLoop loop, Func<bool> isAlive)
    {
        if (isAlive is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(isAlive));
        }

        var lifetime = new Lifetime(loop);
        lifetime._watcher = loop.Spawn(new WatchMachine(lifetime, isAlive), "lifetime watcher", lane: null);
        return lifetime;
    }

    /// <summary>Binds <paramref name="task"/> to this lifetime: it is killed when the lifetime ends, or at once if it has
    /// ended already.</summary>
    /// <param name="task">A task of the lifetime's loop.</param>
    /// <returns>The task, for chaining: <c>life.Attach(group.Spawn(Script()))</c>.</returns>
    /// <exception cref="ArgumentException">The task belongs to another loop.</exception>
    public CoTask Attach(CoTask task)
    {
        if (task is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(task));
        }

        if (!ReferenceEquals(task.Loop, _loop))
        {
            throw new ArgumentException("Task '" + task.Name + "' belongs to another event loop than this lifetime.", nameof(task));
        }

        if (_ended)
        {
            task.Kill(_endReason);
        }
        else
        {
            _tasks.Add(task);
        }

        return task;
    }

    /// <summary>A lifetime that ends with this one (and may end earlier on its own).</summary>
    /// <returns>The child; already ended if this one has.</returns>
    public Lifetime CreateChild()
    {
        var child = new Lifetime(_loop);
        if (_ended)
        {
            child.End(_endReason);
        }
        else
        {
            List<Lifetime> children = _children ??= new List<Lifetime>();
            if (children.Count == children.Capacity && children.Count >= 8)
            {
                // A long-lived owner (a level) whose children end on their own (one per enemy) would otherwise keep every
                // ended child: dropping them when the list fills keeps its size near the live children's, at amortized O(1)
                // per child. Ending skips ended children, so the order in which the live ones end is the same.
                children.RemoveAll(static each => each._ended);
            }

            children.Add(child);
        }

        return child;
    }

    // Children kept in the list, live and ended (tests: ended ones do not pile up).
    internal int ChildSlots => _children?.Count ?? 0;

    /// <summary>Ends the lifetime: kills its tasks, oldest first (their <c>finally</c> blocks have run when this returns; a
    /// task that ends its own lifetime finishes when its step yields), then ends its child lifetimes. Ending twice does
    /// nothing.</summary>
    /// <param name="reason">The message for the tasks' <see cref="CancelledException"/>, or <see langword="null"/>.</param>
    /// <returns>How many tasks were killed.</returns>
    public int End(string? reason = null)
    {
        if (!Begin(reason, out int killed))
        {
            return 0;
        }

        // Child lifetimes nest as deep as a game builds them (a chain of 100,000 owners): ending the tree is a loop over
        // an explicit stack, not a recursion, in the recursive order: a lifetime's tasks, then each child's whole
        // subtree, then its watcher.
        var pending = new Stack<(Lifetime Lifetime, int Next)>();
        Lifetime current = this;
        int next = 0;
        while (true)
        {
            if (current._children is { } children && next < children.Count)
            {
                Lifetime child = children[next++];
                if (child.Begin(reason, out int childKilled))
                {
                    killed += childKilled;
                    pending.Push((current, next));
                    current = child;
                    next = 0;
                }

                continue;
            }

            current._children = null;
            current.KillWatcher(reason);
            if (pending.Count == 0)
            {
                return killed;
            }

            (current, next) = pending.Pop();
        }
    }

    // The first half of ending one lifetime: marked ended, its tasks killed; false when it had ended already.
    private bool Begin(string? reason, out int killed)
    {
        killed = 0;
        if (_ended)
        {
            return false;
        }

        _ended = true;
        _endReason = reason;
        _game?.OnOwnedLifetimeEnded(this);
        killed = _tasks.KillAll(reason);
        return true;
    }

    private void KillWatcher(string? reason)
    {
        if (_watcher is { IsDone: false } watcher && !ReferenceEquals(watcher, _loop.CurrentTask))
        {
            watcher.Kill(reason);
        }
    }

    void ICompletionListener.OnCompleted(Future future) => End(Describe(future));

    private static string Describe(Future owner) => "Its owner " + owner + " finished.";
}
