using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine.Tests.Docs;

namespace Engine.Tests.Simulation;

// The random draws a SimPy run made, in order (recorded from Python's random module, one value per line), so a port
// replays the same numbers and its log can be compared with SimPy's on event order alone.
public sealed class Tape
{
    private readonly string[] _values;
    private int _next;

    private Tape(string[] values) => _values = values;

    public static Tape Load(string name) =>
        new(File.ReadAllLines(Path.Combine(DocSnippetTests.RepoRoot(), "Engine.Tests", "Simulation", "Tapes", name + ".tape")));

    public static Tape Empty() => new(System.Array.Empty<string>());

    public int Used => _next;

    public double Next() => double.Parse(_values[_next++], CultureInfo.InvariantCulture);

    public int NextInt() => int.Parse(_values[_next++], CultureInfo.InvariantCulture);

    public static string Expected(string name) =>
        File.ReadAllText(Path.Combine(DocSnippetTests.RepoRoot(), "Engine.Tests", "Simulation", "Expected", name + ".out")).Replace("\r", string.Empty);
}

// Python's print and f-string formatting for the ports: invariant culture, "\n" line ends.
public sealed class PyLog
{
    private readonly StringWriter _text = new() { NewLine = "\n" };

    public void Print(string line) => _text.WriteLine(line);

    public static string F(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    // Python's str() of a number that SimPy keeps as an int while only integers are added to it.
    public static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => _text.ToString();

    public static IEnumerable<string> Lines(string text) => text.Replace("\r", string.Empty).TrimEnd('\n').Split('\n');
}
