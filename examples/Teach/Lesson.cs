using System.Collections.Generic;

namespace Engine.Examples.Teach;

/// <summary>The coroutine this lesson lowers and steps.</summary>
public static partial class Lesson
{
    /// <summary>Walks <paramref name="steps"/> steps, resting after every third, and always says goodbye.</summary>
    /// <param name="steps">How many steps to walk.</param>
    [Coroutine]
    public static IEnumerator<Yield> Walk(int steps)
    {
        int distance = 0;
        try
        {
            for (int i = 1; i <= steps; i++)
            {
                distance += i;
                if (i % 3 == 0)
                {
                    yield return Yield.Seconds(1.5);
                }
                else
                {
                    yield return Yield.NextTick;
                }
            }
        }
        finally
        {
            System.Console.WriteLine("    (finally) walked " + distance);
        }
    }
}
