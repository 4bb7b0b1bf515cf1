using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using Engine.Persist;

namespace Engine.Simulation;

// Saves the simulation toolkit's objects inside a whole-simulation snapshot (SimEnvironment.Save): the environment,
// events of every kind it knows, resources and their requests, containers, stores and resource pools with their
// operations, monitors, random streams, the handles (Request, SimProcess) and [SimModel] user objects. Tried before
// the engine's converter, so simulation events (which are wait sources) are saved as events.
//
// Two-phase on restore: Create makes an empty object from members that cannot lead back to it (numbers, names, the
// environment, which exists before anything is read), the reader registers it, Fill reads the rest. So an event whose
// callback is the condition that lists it, or a machine that refers to the model that holds its process, restore to
// the same objects. Types a snapshot does not cover yet are reported by name rather than saved wrong. Cold path.
internal sealed class SimConverter : ITwoPhaseConverter
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private static readonly Dictionary<Type, FieldInfo[]> s_modelFields = new();
    private static readonly MethodInfo s_get = typeof(FieldReader).GetMethod(nameof(FieldReader.Get))!;
    private readonly SimEnvironment _env;
    private readonly object[] _resupplied;

    public SimConverter(SimEnvironment env, object[] resupplied)
    {
        _env = env;
        _resupplied = resupplied;
    }

    public bool CanConvert(Type type) =>
        typeof(SimEvent).IsAssignableFrom(type) || typeof(Resource).IsAssignableFrom(type) || typeof(Statistic).IsAssignableFrom(type) ||
        type == typeof(SimEnvironment) || type == typeof(Container) || type == typeof(RandomStream) || type == typeof(Request) ||
        type == typeof(SimProcess) || type == typeof(ConditionValue) || type == typeof(InterruptException) || type == typeof(Preempted) ||
        type == typeof(SimEnvironment.Interruption) || IsStore(type) || type.IsDefined(typeof(SimModelAttribute), inherit: false);

    public void Write(object value, FieldWriter fields)
    {
        GraphWriter writer = fields.Writer;
        switch (value)
        {
            case SimEnvironment env:
                if (!ReferenceEquals(env, _env))
                {
                    writer.AddProblem("refers to another simulation environment than the one being saved");
                    return;
                }

                env.WriteForSave(fields);
                break;
            case SimEvent e:
                writer.PushPath(e.ToString());
                if (e is not (SimTimeout or Condition or ProcessEvent or RequestEvent or ContainerOperation or FutureEvent) && e.GetType() != typeof(SimEvent) &&
                    !IsStoreOperation(e.GetType()))
                {
                    writer.AddProblem("is a " + e.GetType().Name + ": a snapshot does not save this kind of event yet");
                }
                else
                {
                    if (e is SimTimeout timeout)
                    {
                        fields.Add("Delay", timeout.Delay);
                    }

                    e.WriteForSave(fields);
                }

                writer.PopPath();
                break;
            case Resource resource:
                writer.PushPath("resource '" + resource.Name + "'");
                resource.WriteForSave(fields);
                writer.PopPath();
                break;
            case Container container:
                writer.PushPath("container '" + container.Name + "'");
                container.WriteForSave(fields);
                writer.PopPath();
                break;
            case ISavedStore store:
                writer.PushPath(value.ToString()!);
                if (store is IPriorityStoreComparer priority)
                {
                    fields.Add("Comparer", priority.ComparerForSave);
                }

                store.WriteForSave(fields);
                writer.PopPath();
                break;
            case TimeSeriesMonitor or SampleMonitor:
                ((Statistic)value).WriteForSave(fields);
                break;
            case RandomStream stream:
                (ulong s0, ulong s1, ulong s2, ulong s3) = stream.GetState();
                fields.Add("S0", s0);
                fields.Add("S1", s1);
                fields.Add("S2", s2);
                fields.Add("S3", s3);
                break;
            case Request request:
                fields.Add("Event", request.SavedEvent);
                fields.Add("Version", request.SavedVersion);
                break;
            case SimProcess process:
                fields.Add("Task", process.Task);
                break;
            case ConditionValue conditionValue:
                fields.Add("Events", conditionValue.EventList);
                break;
            case InterruptException interrupt:
                // Its message is made from its cause and process again; an interrupt a user made with a message of
                // their own (not raised by Interrupt) is not saved.
                if (interrupt.Process is null && interrupt.Cause is null)
                {
                    writer.AddProblem("holds an InterruptException not raised by SimProcess.Interrupt: a snapshot saves only the interrupts it raises");
                }

                fields.Add("Cause", interrupt.Cause);
                fields.Add("Process", interrupt.Process);
                break;
            case Preempted preempted:
                fields.Add("By", preempted.By);
                fields.Add("Request", preempted.Request);
                fields.Add("UsageSince", preempted.UsageSince);
                fields.Add("Resource", preempted.Resource);
                break;
            case SimEnvironment.Interruption interruption:
                fields.Add("Task", interruption.Task);
                fields.Add("Error", interruption.Error);
                break;
            default:
                if (value.GetType().IsDefined(typeof(SimModelAttribute), inherit: false))
                {
                    WriteModel(value, fields);
                }
                else
                {
                    writer.AddProblem("holds " + value + " (" + value.GetType().FullName + "): a snapshot does not save it yet");
                }

                break;
        }
    }

    public object Read(Type type, FieldReader fields)
    {
        object value = Create(type, fields);
        Fill(value, fields);
        return value;
    }

    public object Create(Type type, FieldReader fields)
    {
        SimEnvironment env = _env;
        if (type == typeof(SimEnvironment))
        {
            return env;
        }

        if (type == typeof(SimEvent))
        {
            return new SimEvent(env);
        }

        if (type == typeof(SimTimeout))
        {
            return SimTimeout.CreateRestored(env, fields.Get<double>("Delay"));
        }

        if (type == typeof(Condition))
        {
            return Condition.CreateRestored(env);
        }

        if (type == typeof(ProcessEvent))
        {
            return ProcessEvent.CreateRestored(env);
        }

        if (type == typeof(RequestEvent))
        {
            return RequestEvent.CreateRestored(env);
        }

        if (type == typeof(FutureEvent))
        {
            return FutureEvent.CreateRestored(env);
        }

        if (type == typeof(ContainerGet))
        {
            return ContainerGet.CreateRestored(env);
        }

        if (type == typeof(ContainerPut))
        {
            return ContainerPut.CreateRestored(env);
        }

        if (IsStoreOperation(type))
        {
            return type.GetMethod("CreateRestored", BindingFlags.Static | BindingFlags.NonPublic)!.Invoke(null, new object[] { env })!;
        }

        if (IsStore(type))
        {
            // A store's item type is its type argument; a priority store's comparer is read first (it cannot lead back
            // to the store), the default one when none was saved.
            object? comparer = null;
            if (type.GetGenericTypeDefinition() == typeof(ResourcePool<>))
            {
                return type.GetMethod("CreateRestored", BindingFlags.Static | BindingFlags.NonPublic)!.Invoke(null, new object[] { env, fields.Get<int>("Capacity"), fields.Get<string>("Name") })!;
            }

            if (type.GetGenericTypeDefinition() == typeof(PriorityStore<>))
            {
                comparer = ReadField(fields, "Comparer", typeof(IComparer<>).MakeGenericType(type.GetGenericArguments()[0]));
                return Activator.CreateInstance(type, env, comparer, fields.Get<int>("Capacity"), fields.Get<string>("Name"))!;
            }

            return Activator.CreateInstance(type, env, fields.Get<int>("Capacity"), fields.Get<string>("Name"))!;
        }

        if (type == typeof(Resource))
        {
            return new Resource(env, fields.Get<int>("Capacity"), fields.Get<string>("Name"));
        }

        if (type == typeof(PriorityResource))
        {
            return new PriorityResource(env, fields.Get<int>("Capacity"), fields.Get<string>("Name"));
        }

        if (type == typeof(PreemptiveResource))
        {
            return new PreemptiveResource(env, fields.Get<int>("Capacity"), fields.Get<string>("Name"));
        }

        // Interrupts and their causes are immutable: made whole here. The tasks they name are restored before anything
        // else (EventLoop.RestoreInto reads the task list first), so reading them here cannot lead back to this object.
        if (type == typeof(InterruptException))
        {
            return new InterruptException(fields.Get<object>("Cause"), fields.Get<SimProcess?>("Process"));
        }

        if (type == typeof(Preempted))
        {
            return new Preempted(fields.Get<SimProcess?>("By"), fields.Get<Request>("Request"), fields.Get<double>("UsageSince"), fields.Get<Resource>("Resource"));
        }

        if (type == typeof(SimEnvironment.Interruption))
        {
            return new SimEnvironment.Interruption(fields.Get<CoTask>("Task"), fields.Get<InterruptException>("Error"));
        }

        if (type == typeof(Container))
        {
            return new Container(env, fields.Get<double>("Capacity"), 0, fields.Get<bool>("Discrete"), fields.Get<string>("Name"));
        }

        if (type == typeof(SampleMonitor))
        {
            return new SampleMonitor(fields.Get<string>("Name"), fields.Get<bool>("Collect"));
        }

        if (type == typeof(TimeSeriesMonitor))
        {
            return new TimeSeriesMonitor(env, fields.Get<string>("Name"), 0, fields.Get<bool>("Collect"));
        }

        if (type == typeof(RandomStream))
        {
            var stream = new RandomStream(0);
            stream.SetState(fields.Get<ulong>("S0"), fields.Get<ulong>("S1"), fields.Get<ulong>("S2"), fields.Get<ulong>("S3"));
            return stream;
        }

        if (type == typeof(Request))
        {
            return new Request(fields.Get<RequestEvent>("Event"), fields.Get<int>("Version"));
        }

        if (type == typeof(SimProcess))
        {
            return new SimProcess(env, fields.Get<CoTask>("Task"));
        }

        if (type == typeof(ConditionValue))
        {
            return new ConditionValue(new List<SimEvent>());
        }

        if (type.IsDefined(typeof(SimModelAttribute), inherit: false))
        {
            return RuntimeHelpers.GetUninitializedObject(type);
        }

        throw new ArgumentException("A simulation snapshot cannot restore an object of type " + type.FullName + ".");
    }

    public void Fill(object value, FieldReader fields)
    {
        switch (value)
        {
            case SimEnvironment env:
                env.ReadForRestore(fields);
                break;
            case SimEvent e:
                e.ReadForRestore(fields);
                break;
            case Resource resource:
                resource.ReadForRestore(fields);
                break;
            case Container container:
                container.ReadForRestore(fields);
                break;
            case ISavedStore store:
                store.ReadForRestore(fields);
                break;
            case Statistic statistic:
                statistic.ReadForRestore(fields);
                break;
            case ConditionValue conditionValue:
                conditionValue.EventList.AddRange(fields.Get<List<SimEvent>>("Events") ?? new List<SimEvent>());
                break;
            case RandomStream or Request or SimProcess or InterruptException or Preempted or SimEnvironment.Interruption:
                break;
            default:
                ReadModel(value, fields);
                break;
        }
    }

    // The four store kinds and resource pools of any item type (a class derived from a store is not one of these: it is
    // reported).
    private static bool IsStore(Type type)
    {
        if (!type.IsGenericType || type.IsGenericTypeDefinition)
        {
            return false;
        }

        Type definition = type.GetGenericTypeDefinition();
        return definition == typeof(Store<>) || definition == typeof(LifoStore<>) || definition == typeof(PriorityStore<>) || definition == typeof(FilterStore<>) ||
            definition == typeof(ResourcePool<>);
    }

    private static bool IsStoreOperation(Type type)
    {
        if (!type.IsGenericType || type.IsGenericTypeDefinition)
        {
            return false;
        }

        Type definition = type.GetGenericTypeDefinition();
        return definition == typeof(StorePut<>) || definition == typeof(StoreGet<>) || definition == typeof(PoolRequest<>);
    }

    // A [SimModel] object: every instance field but the [NonSerialized] ones, named by declaring type and field so a
    // base class's field and a derived class's field of the same name stay apart.
    private static void WriteModel(object model, FieldWriter fields)
    {
        GraphWriter writer = fields.Writer;
        writer.PushPath("model " + model.GetType().Name);
        foreach (FieldInfo field in ModelFields(model.GetType()))
        {
            if (!IsResupplied(field))
            {
                fields.Add(FieldKey(field), field.GetValue(model));
            }
        }

        writer.PopPath();
    }

    private void ReadModel(object model, FieldReader fields)
    {
        foreach (FieldInfo field in ModelFields(model.GetType()))
        {
            if (IsResupplied(field))
            {
                foreach (object candidate in _resupplied)
                {
                    if (field.FieldType.IsInstanceOfType(candidate))
                    {
                        field.SetValue(model, candidate);
                        break;
                    }
                }
            }
            else if (fields.Has(FieldKey(field)))
            {
                field.SetValue(model, ReadField(fields, FieldKey(field), field.FieldType));
            }
        }
    }

    private static object? ReadField(FieldReader fields, string name, Type type)
    {
        try
        {
            return s_get.MakeGenericMethod(type).Invoke(fields, new object[] { name });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static bool IsResupplied(FieldInfo field) => field.IsDefined(typeof(NonSerializedAttribute), inherit: false);

    private static string FieldKey(FieldInfo field) => field.DeclaringType!.Name + "." + field.Name;

    private static FieldInfo[] ModelFields(Type type)
    {
        lock (s_modelFields)
        {
            if (s_modelFields.TryGetValue(type, out FieldInfo[]? known))
            {
                return known;
            }

            var list = new List<FieldInfo>();
            for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                list.AddRange(t.GetFields(InstanceFields));
            }

            FieldInfo[] fields = list.ToArray();
            s_modelFields[type] = fields;
            return fields;
        }
    }
}
