using System;

namespace Engine;

/// <summary>
/// Marks an iterator method (returning <see cref="System.Collections.Generic.IEnumerator{T}"/> or
/// <see cref="System.Collections.Generic.IEnumerable{T}"/> of <see cref="Yield"/>) for the Engine source generator.
/// </summary>
/// <remarks>
/// The method keeps compiling and running as the compiler's own iterator. Beside it, in the same partial type, the
/// generator adds a nested sealed class <c>{Method}Machine</c> (an <see cref="Machines.ICoroutineMachine"/>) and a factory
/// method <c>Rent{Method}(…)</c> that rents one from a per-thread pool. Constructs the generator cannot lower are
/// reported as <c>COR</c> diagnostics at the construct.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CoroutineAttribute : Attribute
{
}
