namespace Engine.Generators.Tests.Corpus.Lookalikes;

// Types named like System's and Engine's, for the name-binding class of the corpus (CorpusNames.cs): a machine that
// bound System.Math or Engine.Yield where the user's file means these would yield different numbers.

/// <summary>A Math whose Max is not System.Math.Max.</summary>
public static class Math
{
    public static int Max(int a, int b) => a * 100 + b;
}

/// <summary>A non-delegate Func.</summary>
public sealed class Func
{
    public Func(int value)
    {
        Value = value * 3;
    }

    public int Value { get; }
}

/// <summary>A non-generic List.</summary>
public sealed class List
{
    public int Count { get; set; } = 7;
}

/// <summary>A Task with a static Run that is not System.Threading.Tasks.Task.Run.</summary>
public static class Task
{
    public static int Run(int n) => n + 40;
}

/// <summary>A Yield that is not Engine.Yield.</summary>
public static class Yield
{
    public static int Frames(int n) => n + 1;
}

/// <summary>Statics and extension methods imported only by CorpusNames.cs.</summary>
public static class Numbers
{
    public const int Seven = 7;

    public static int Twice(int x) => 2 * x;

    public static int Thrice(this int x) => 3 * x;
}
