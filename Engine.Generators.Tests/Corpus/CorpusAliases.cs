#pragma warning disable IDE0065, IDE0161 // A block namespace with the usings inside on purpose: the aliases are declared in the namespace.
namespace Engine.Generators.Tests.Corpus
{
    using System.Collections.Generic;
    using Co = Engine.CoroutineAttribute;
    using StepAttribute = Engine.CoroutineAttribute;

    // The attribute written through aliases, several times in one class and file (Microsoft.CodeAnalysis 4.3's
    // ForAttributeWithMetadataName found only the first aliased attribute of a file), and generic RentX calls whose
    // type arguments the compiler infers, held in 'var' locals across yields (the machine names the inferred type).
    // The children run to their end between two yields, so a snapshot never holds one suspended.
    public static partial class Corpus
    {
        [Co]
        public static IEnumerator<Yield> AliasFirst(int n)
        {
            for (int i = 0; i < n % 4; i++)
            {
                CorpusLog.Entries.Add("first " + i);
                yield return Yield.Frames(i);
            }
        }

        [Co]
        public static IEnumerator<Yield> AliasSecond(int n, List<int> xs)
        {
            int total = 0;
            foreach (int x in xs)
            {
                total += x * n;
                yield return Yield.Return(total);
            }

            CorpusLog.Entries.Add("second " + total);
        }

        [Step]
        public static IEnumerator<Yield> AliasThird(string s)
        {
            yield return Yield.Return(s.Length);
            yield return Yield.Return(s + "!");
        }

        [StepAttribute]
        public static IEnumerator<Yield> InferredEcho<T>(T value, int times)
        {
            for (int i = 0; i < times % 3 + 1; i++)
            {
                CorpusLog.Entries.Add("echo " + value);
                yield return Yield.Return(value);
            }
        }

        [Co]
        public static IEnumerator<Yield> InferredChildren(int n, string s)
        {
            var number = RentInferredEcho(n, n);
            var tuple = RentInferredEcho((n, s), 1);
            var list = RentInferredEcho(new List<int?> { n, null }, 2);
            var nested = RentInferredEcho(new[] { (Name: s, Values: new List<int> { n }) }, 0);
            yield return Yield.Frames(n);
            int count = 0;
            while (number.MoveNext() && tuple.MoveNext())
            {
                count++;
                CorpusLog.Entries.Add("pair " + number.Current.Target + " " + tuple.Current.Target);
            }

            yield return Yield.Return(count);
            while (list.MoveNext())
            {
                count += ((List<int?>)list.Current.Target!).Count;
            }

            nested.MoveNext();
            var items = ((string Name, List<int> Values)[])nested.Current.Target!;
            yield return Yield.Return(count + items[0].Name + items[0].Values[0]);
            number.Dispose();
            tuple.Dispose();
            list.Dispose();
            nested.Dispose();
        }
    }
}
