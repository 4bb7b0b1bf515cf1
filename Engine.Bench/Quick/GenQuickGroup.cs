using System;

namespace Engine.Bench.Quick;

// `quick gen`: generated state machines against the compiler's iterators (GenQuick.cs, which the
// generator tests also compile and check).
public sealed class GenQuickGroup : IQuickGroup
{
    public string Name => "gen";

    public void Run(Action<string, double> report) => GenQuick.Run(report);
}
