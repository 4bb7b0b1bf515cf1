using System.Runtime.CompilerServices;

namespace Engine.Persist;

// How the save and restore methods that run once per object are compiled: optimized from their first call
// (AggressiveOptimization), because a game saves or loads a few times per process and tiered compilation would run
// those calls on unoptimized code while the background compiler catches up. netstandard2.1 does not name the option,
// so it is given by value; a runtime that does not know it ignores it.
internal static class PersistJit
{
    public const MethodImplOptions Optimized = (MethodImplOptions)512; // MethodImplOptions.AggressiveOptimization
}
