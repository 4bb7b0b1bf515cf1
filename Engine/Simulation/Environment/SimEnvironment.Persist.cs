using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Engine.Persist;

namespace Engine.Simulation;

// Whole-simulation save and restore: the loop saves itself (EventLoop.Persist.cs) with the simulation's converter
// (SimConverter) tried first, so events, resources, containers, monitors, random streams and [SimModel] objects are
// written with identity and restored two-phase (created, registered, then filled), which lets them refer to each other
// in cycles. Cold path.
public sealed partial class SimEnvironment
{
    /// <summary>Saves the whole simulation between events (after <see cref="Run(double)"/> or <see cref="Step"/>
    /// returned): the clock, every process with the frames of its <c>[Coroutine]</c> machines and what it waits for, the
    /// event queue in SimPy's order (urgent lane, ready queue, timers with their tie order), the events with their
    /// callbacks, resources with their users and queues in order, containers with their waiting puts and gets,
    /// monitors, random streams (their exact generator state), and <paramref name="model"/> with everything it refers to.</summary>
    /// <param name="model">A model object to save with the simulation and get back from
    /// <see cref="Restore{TModel}(SimSnapshot, out TModel, object[], ISaveConverter[])"/>: a <see cref="SimModelAttribute"/>
    /// class, or a type one of <paramref name="converters"/> saves. Optional.</param>
    /// <param name="converters">Converters for user types the processes or the model hold.</param>
    /// <returns>The snapshot, plain data for <c>System.Text.Json</c>.</returns>
    /// <exception cref="InvalidOperationException">The simulation is running (save between events).</exception>
    /// <exception cref="NotSupportedException">Some state cannot be saved: the message lists every offender (a compiler
    /// iterator as a process, a lambda callback on an event, a field of a type with no converter, a kind of resource or
    /// store a snapshot does not save yet).</exception>
    public SimSnapshot Save(object? model = null, params ISaveConverter[] converters)
    {
        var snapshot = new SimSnapshot { Order = _order, Seed = _seed };
        var converter = new SimConverter(this, Array.Empty<object>());
        GraphWriter writer = _loop.BeginSave(snapshot, converter, converters, snapshot.Urgent);
        snapshot.Environment = writer.WriteReference(this);
        if (model is not null)
        {
            writer.PushPath("the model");
            snapshot.Model = writer.WriteReference(model);
            writer.PopPath();
        }

        writer.ThrowIfProblems("the simulation");
        return snapshot;
    }

    /// <summary>Creates a new environment from a snapshot, where the saved one was: same time, processes, events,
    /// queues, resources, monitors and random streams. Running it gives the event log and results the saved simulation
    /// would have given. A snapshot can be restored any number of times (branching), in this or another process.</summary>
    /// <param name="snapshot">A snapshot from <see cref="Save(object, ISaveConverter[])"/>, possibly through JSON.</param>
    /// <param name="resupplied">Objects that were not saved and are given back now: each <c>[NonSerialized]</c> field of a
    /// <see cref="SimModelAttribute"/> object gets the first of them whose type fits it (a log writer, for example).</param>
    /// <param name="converters">The converters used when saving it.</param>
    /// <returns>The environment, not running.</returns>
    /// <exception cref="ArgumentException">The snapshot does not fit the code (a coroutine changed since it was saved,
    /// a saved value does not fit its field).</exception>
    public static SimEnvironment Restore(SimSnapshot snapshot, object[]? resupplied = null, params ISaveConverter[] converters) =>
        Restore(snapshot, out object? _, resupplied, converters);

    /// <summary>Restores a simulation like <see cref="Restore(SimSnapshot, object[], ISaveConverter[])"/> and returns
    /// the model that was saved with it.</summary>
    /// <typeparam name="TModel">The model's type.</typeparam>
    /// <param name="snapshot">A snapshot from <see cref="Save(object, ISaveConverter[])"/>.</param>
    /// <param name="model">The restored model (the same object every other restored object refers to).</param>
    /// <param name="resupplied">Objects for the models' <c>[NonSerialized]</c> fields, matched by type.</param>
    /// <param name="converters">The converters used when saving it.</param>
    /// <returns>The environment, not running.</returns>
    /// <exception cref="ArgumentException">The snapshot does not fit the code, or its model is not a
    /// <typeparamref name="TModel"/>.</exception>
    public static SimEnvironment Restore<TModel>(SimSnapshot snapshot, out TModel model, object[]? resupplied = null, params ISaveConverter[] converters)
    {
        if (snapshot is null)
        {
            throw new ArgumentNullException(nameof(snapshot));
        }

        var env = new SimEnvironment(0, snapshot.Order, snapshot.Seed);
        var converter = new SimConverter(env, resupplied ?? Array.Empty<object>());
        GraphReader reader = EventLoop.RestoreInto(env._loop, snapshot, converter, converters,
            snapshot.Order == EventOrder.SimPy ? snapshot.Urgent : null);
        reader.ReadObject<SimEnvironment>(snapshot.Environment);
        object? restored = snapshot.Model == 0 ? null : reader.ReadObject<object>(snapshot.Model);
        if (restored is not TModel typed)
        {
            if (restored is not null || default(TModel) is not null)
            {
                throw new ArgumentException("The snapshot's model is " + (restored?.GetType().FullName ?? "null") + ", not a " + typeof(TModel).FullName + ".", nameof(model));
            }

            typed = default!;
        }

        model = typed;
        return env;
    }

    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Started", _started);
        if (_streams is { Count: > 0 })
        {
            var names = new List<string>(_streams.Count);
            var streams = new List<RandomStream>(_streams.Count);
            foreach (KeyValuePair<string, RandomStream> pair in _streams)
            {
                names.Add(pair.Key);
                streams.Add(pair.Value);
            }

            fields.Add("StreamNames", names);
            fields.Add("Streams", streams);
        }

        if (_pendingProcessEvents is { Count: > 0 })
        {
            fields.Add("PendingProcessEvents", new List<ProcessEvent>(_pendingProcessEvents.Values));
        }

        // The processes: the tasks whose end this environment hears (marked at their spawn), to give their end its turn.
        var processes = new List<CoTask>();
        foreach (CoTask task in _loop.GetTasks())
        {
            if (task.IsProcess)
            {
                processes.Add(task);
            }
        }

        fields.Add("Processes", processes.Count == 0 ? null : processes);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _started = fields.Get<bool>("Started");
        List<string>? names = fields.Get<List<string>>("StreamNames");
        List<RandomStream>? streams = fields.Get<List<RandomStream>>("Streams");
        if (names is not null && streams is not null)
        {
            _streams = new Dictionary<string, RandomStream>(StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++)
            {
                _streams[names[i]] = streams[i];
            }
        }

        fields.Get<List<ProcessEvent>>("PendingProcessEvents"); // each one registers itself (ProcessEvent.Persist.cs)
        foreach (CoTask task in fields.Get<List<CoTask>>("Processes") ?? new List<CoTask>())
        {
            task.MarkProcess();
        }
    }

    // A restored process event goes back into the table AsEvent() looks in.
    internal void AddRestoredProcessEvent(CoTask task, ProcessEvent e)
    {
        if (e.State == EventState.Processed)
        {
            (_processedEvents ??= new ConditionalWeakTable<CoTask, ProcessEvent>()).AddOrUpdate(task, e);
        }
        else
        {
            (_pendingProcessEvents ??= new Dictionary<CoTask, ProcessEvent>())[task] = e;
        }
    }
}
