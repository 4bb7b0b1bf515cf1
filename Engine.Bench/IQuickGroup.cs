using System;

namespace Engine.Bench;

// A group of quick-mode figures: `dotnet run -c Release --project Engine.Bench -- quick [group]`.
// Each group lives in its own file; Program finds every implementation by reflection, so adding a
// group touches no shared file.
public interface IQuickGroup
{
    string Name { get; }

    // Measures and reports figures as (name, value); Program prints them as `name = value`.
    void Run(Action<string, double> report);
}
