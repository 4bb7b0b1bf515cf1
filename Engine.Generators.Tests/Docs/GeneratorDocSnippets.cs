using System;
using System.Collections.Generic;
using System.Text.Json;
using Engine.Machines;
using Engine.Persist;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests.Docs;

// The snippets of docs/generator.md, compiled and run (DocSnippetTests checks the page quotes these lines verbatim).
public readonly struct Vector2
{
    public Vector2(float x, float y)
    {
        X = x;
        Y = y;
    }

    public float X { get; }

    public float Y { get; }
}

public sealed class Vector2Converter : ISaveConverter
{
    public bool CanConvert(Type type) => type == typeof(Vector2);

    public void Write(object value, FieldWriter fields)
    {
        var v = (Vector2)value;
        fields.Add("X", v.X);
        fields.Add("Y", v.Y);
    }

    public object Read(Type type, FieldReader fields) => new Vector2(fields.Get<float>("X"), fields.Get<float>("Y"));
}

public static partial class Walker
{
    [Coroutine]
    public static IEnumerator<Yield> Walk(Vector2 from, int steps)
    {
        var path = new List<Vector2> { from };
        for (int i = 1; i <= steps; i++)
        {
            path.Add(new Vector2(from.X + i, from.Y));
            yield return Yield.Seconds(0.5);
        }
    }
}

public static partial class Greeter
{
    [Coroutine]
    public static IEnumerator<Yield> Greet(string[] names, List<string> log, List<Action> later)
    {
        foreach (string name in names)
        {
            int visits = 0;
            void Hello() => log.Add("hello " + name + " #" + ++visits);
            later.Add(Hello);                   // runs after the loop with this iteration's name and visits
            Hello();
            yield return Yield.NextTick;
        }
    }
}

public static partial class Scorer
{
    [Coroutine]
    public static IEnumerator<Yield> Rounds(int[] rounds, List<string> log)
    {
        Func<int>? scores = null;
        foreach (int round in rounds)
        {
            {
                int bonus = round * 2;
                int Score() => round + bonus;   // captures a per-iteration variable and a local of a yield-free block
                scores += Score;
                scores -= Score;                // removes what += added, as in C#
                scores += Score;
            }

            yield return Yield.NextTick;
        }

        log.Add(scores!.GetInvocationList().Length + " handlers, last " + scores());
    }
}

[TestClass]
public sealed class GeneratorDocSnippets
{
    [TestMethod]
    public void Conversions_in_one_block_entry_are_equal()
    {
        int[] rounds = { 1, 2, 3 };
        var fromIterator = new List<string>();
        IEnumerator<Yield> iterator = Scorer.Rounds(rounds, fromIterator);
        while (iterator.MoveNext())
        {
        }

        var fromMachine = new List<string>();
        using (Scorer.RoundsMachine machine = Scorer.RentRounds(rounds, fromMachine))
        {
            while (machine.MoveNext())
            {
            }
        }

        CollectionAssert.AreEqual(new[] { "3 handlers, last 9" }, fromIterator);
        CollectionAssert.AreEqual(fromIterator, fromMachine);
    }

    [TestMethod]
    public void A_local_function_keeps_the_variables_of_its_iteration()
    {
        string[] names = { "ann", "bob" };
        var fromIterator = new List<string>();
        var iteratorLater = new List<Action>();
        IEnumerator<Yield> iterator = Greeter.Greet(names, fromIterator, iteratorLater);
        while (iterator.MoveNext())
        {
        }

        iteratorLater.ForEach(hello => hello());
        var fromMachine = new List<string>();
        var machineLater = new List<Action>();
        using (Greeter.GreetMachine machine = Greeter.RentGreet(names, fromMachine, machineLater))
        {
            while (machine.MoveNext())
            {
            }
        }

        machineLater.ForEach(hello => hello());
        CollectionAssert.AreEqual(new[] { "hello ann #1", "hello bob #1", "hello ann #2", "hello bob #2" }, fromIterator);
        CollectionAssert.AreEqual(fromIterator, fromMachine);
    }

    [TestMethod]
    public void Save_to_json_and_resume_in_another_loop()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Walker.WalkMachine walk = Walker.RentWalk(new Vector2(0, 0), 4);
        loop.Spawn(walk);
        loop.RunUntil(1.2);                                                   // two steps done, waiting for the third

        CoroutineSnapshot snapshot = walk.Snapshot(new Vector2Converter());   // throws if anything cannot be saved
        string json = JsonSerializer.Serialize(snapshot);                    // plain data: no options, no attributes

        using var later = new EventLoop(ClockKind.Virtual);
        var resumed = new Walker.WalkMachine(default, 0);
        resumed.Restore(JsonSerializer.Deserialize<CoroutineSnapshot>(json)!, new Vector2Converter());
        later.RunUntilComplete(later.Spawn(resumed));                          // waits the pending 0.5 s, then the last step

        Assert.AreEqual(1.0, later.Time, 1e-9);
        StringAssert.Contains(json, "\"Kind\":2");
    }
}
