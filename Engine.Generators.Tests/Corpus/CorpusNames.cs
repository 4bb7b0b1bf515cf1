#pragma warning disable IDE0065, IDE0161 // A block namespace with the usings inside on purpose: they resolve relative to it, and the generated file must keep that.
namespace Engine.Generators.Tests.Corpus
{
    using Lookalikes;
    using static Lookalikes.Numbers;
    using Ints = System.Collections.Generic.List<int>;
    using Seq = System.Collections.Generic.IEnumerator<Yield>;
    using Col = System.Collections.Generic;

    // The name-binding class of the differential corpus: a file with no using outside its namespace, usings that
    // resolve relative to the namespace (Lookalikes is Engine.Generators.Tests.Corpus.Lookalikes), aliases (to a
    // generic type, to a namespace, the return type), a using static with an extension method, types named like
    // System's and Engine's (Math, Func, List, Task, Yield) that must win over them, and the generated RentX and
    // XMachine named without qualifier (with 'var' locals of their type living across yields).
    public static partial class Corpus
    {
        [Coroutine]
        public static Seq NamesLookalikes(int n)
        {
            int m = Math.Max(n, 2);
            Func f = new Func(n);
            List list = new List { Count = n };
            yield return Engine.Yield.Frames(m % 5 + f.Value + list.Count);
            Ints ints = new Ints { n, Twice(n) };
            Col.Dictionary<int, Func> byId = new Col::Dictionary<int, Func> { [n] = f };
            yield return Engine.Yield.Frames(ints.Count + Task.Run(n) + n.Thrice() + Yield.Frames(n));
            for (int i = 0; i < ints.Count; i++)
            {
                yield return Engine.Yield.Return(ints[i] + Seven + byId[n].Value);
            }

            CorpusLog.Entries.Add("names " + m + " " + list.Count + " " + System.Math.Max(n, 2));
        }

        // The children live across yields unstarted and run to their end between two yields (PassesOnHandDrivenChild
        // below is the shape where a child is suspended inside the parent's snapshot).
        [Coroutine]
        public static Seq NamesGeneratedMembers(int n)
        {
            var child = RentNamesChild(n);
            NamesChildMachine other = NamesChildMachine.Rent(n + 1);
            var third = new NamesChildMachine(n + 2);
            yield return Engine.Yield.Frames(n);
            while (child.MoveNext())
            {
                CorpusLog.Entries.Add("first " + child.Current.Number);
            }

            child.Dispose();
            yield return Engine.Yield.Frames(n + 1);
            int sum = 0;
            while (other.MoveNext() && third.MoveNext())
            {
                sum += (int)(other.Current.Number + third.Current.Number);
            }

            other.Dispose();
            third.Dispose();
            yield return Engine.Yield.Frames(sum);
        }

        // A child its parent drives by hand and passes on: restored while the child is suspended, the parent re-issues
        // the child's pending instruction and the child goes on after it (it must not issue it a second time).
        [Coroutine]
        public static Seq PassesOnHandDrivenChild(int n)
        {
            var child = RentNamesChild(n);
            yield return Engine.Yield.Frames(1);
            while (child.MoveNext())
            {
                yield return child.Current;
            }

            child.Dispose();
            yield return Engine.Yield.Frames(n + 5);
        }

        [Coroutine]
        public static Col.IEnumerator<Engine.Yield> NamesChild(int n)
        {
            for (int i = 0; i < n % 3 + 1; i++)
            {
                CorpusLog.Entries.Add("child " + i);
                yield return Engine.Yield.Frames(i + n);
            }
        }
    }
}
