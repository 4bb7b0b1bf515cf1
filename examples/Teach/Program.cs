using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Engine.Generators;
using Engine.Machines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Engine.Examples.Teach;

/// <summary>
/// Prints the state machine the generator writes for <see cref="Lesson.Walk(int)"/>, then steps it one yield at a
/// time showing its state, suspension site and hoisted locals; then watches a small program run (SeeItRun.cs: the
/// trace, the live view, the timeline, a deadlock and its graph).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        bool sourceOnly = args.Contains("--source");
        bool stepsOnly = args.Contains("--steps");
        bool seeOnly = args.Contains("--see");
        if (!stepsOnly && !seeOnly)
        {
            PrintGeneratedSource();
        }

        if (!sourceOnly && !seeOnly)
        {
            StepThrough(5);
        }

        if (!sourceOnly && !stepsOnly)
        {
            SeeItRun.Show(Path.Combine("artifacts", "teach"));
        }
    }

    private static void PrintGeneratedSource()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Lesson.cs");
        SyntaxTree tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: "Lesson.cs");
        MetadataReference[] references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
        CSharpCompilation compilation = CSharpCompilation.Create("Lesson", new[] { tree }, references);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new CoroutineGenerator()).RunGenerators(compilation);
        Console.WriteLine("==== Lesson.cs: the coroutine you write ====");
        Console.WriteLine(File.ReadAllText(path));
        Console.WriteLine("==== what the generator writes beside it ====");
        foreach (SyntaxTree generated in driver.GetRunResult().GeneratedTrees)
        {
            Console.WriteLine(generated.GetText().ToString().TrimStart('\uFEFF'));
        }
    }

    private static void StepThrough(int steps)
    {
        Console.WriteLine("==== stepping Lesson.Walk(" + steps + ") one yield at a time ====");
        Lesson.WalkMachine machine = Lesson.RentWalk(steps);
        Show("created", machine);
        int step = 0;
        while (machine.MoveNext())
        {
            step++;
            Show("step " + step + ": yielded " + machine.Current, machine);
            if (step == 3)
            {
                CoroutineSnapshot saved = machine.Snapshot();
                var copy = new Lesson.WalkMachine(0);
                copy.Restore(saved);
                Console.WriteLine("    snapshot taken and restored into a fresh machine, suspended at " + copy.Site + "; disposing the copy runs its finally:");
                copy.Dispose();
            }
        }

        Show("finished", machine);
        machine.Dispose();
    }

    private static void Show(string what, ICoroutineMachine machine)
    {
        Console.WriteLine(what);
        Console.WriteLine("    state " + machine.State + ", site " + machine.Site);
        CoroutineSnapshot snapshot = machine.Snapshot();
        IEnumerable<string> locals = snapshot.FieldsOf(snapshot.Machine())
            .Where(field => !field.Key.StartsWith('$'))   // the graph's own: $state, $pending
            .Select(field => field.Key + " = " + snapshot.Decode(field.Value));
        Console.WriteLine("    fields: " + string.Join(", ", locals.DefaultIfEmpty("(all default)")));
    }
}
