using System;

namespace Engine.Simulation;

/// <summary>
/// Marks a model class whose objects a simulation snapshot saves field by field: every instance field (of the class and
/// its base classes, private and read-only ones included) except those marked <see cref="NonSerializedAttribute"/>.
/// Restored objects are created without running a constructor and get their saved fields back; each
/// <c>[NonSerialized]</c> field (a log <see cref="System.IO.TextWriter"/>, a UI handle) gets the first object passed to
/// <see cref="SimEnvironment.Restore(SimSnapshot, object[], Persist.ISaveConverter[])"/> whose type fits it, or stays
/// <see langword="null"/>.
/// </summary>
/// <remarks>
/// Fields may hold anything a snapshot saves: numbers, strings, enums, arrays and lists, the simulation's own objects
/// (the environment, resources, containers, stores, monitors, random streams, events, processes, request handles), other
/// <c>[SimModel]</c> objects (also in cycles: a machine that refers to its shop, which lists its machines), and types
/// with an <see cref="Persist.ISaveConverter"/>. Anything else is reported by name when saving.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SimModelAttribute : Attribute
{
}
