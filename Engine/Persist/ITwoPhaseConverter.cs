using System;

namespace Engine.Persist;

// A converter for objects that take part in cycles (the engine's own tasks and synchronization primitives): the reader
// creates the object, registers it under its id, and only then fills it, so a reference back to it while filling
// resolves to the same instance. Internal: user types use ISaveConverter, whose objects cannot be cyclic.
internal interface ITwoPhaseConverter : ISaveConverter
{
    object Create(Type type, FieldReader fields);

    void Fill(object value, FieldReader fields);
}
