using System.Collections.Generic;

namespace Engine.Generators.Tests.Corpus;

/// <summary>An instance coroutine: uses fields, properties, methods and 'this' of its type.</summary>
public partial class Walker
{
    private readonly string _name;

    public Walker(string name, int speed)
    {
        _name = name;
        Speed = speed;
    }

    public int Speed { get; }

    private string Describe(int step) => _name + " step " + step;

    [Coroutine]
    public IEnumerator<Yield> Walk(int n)
    {
        for (int i = 0; i < n; i++)
        {
            CorpusLog.Entries.Add(Describe(i));
            yield return Yield.Frames(Speed + i);
        }

        CorpusLog.Entries.Add(this._name + " arrived, " + ToString());
    }

    public override string ToString() => "Walker(" + _name + ")";
}
