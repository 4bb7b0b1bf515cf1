using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Compares the trace of a restored loop with the tail of the saved loop's trace, naming the first line that differs.
// A trace attached to a loop writes "frame N" before the first event of each frame except the first one it sees, so
// the restored loop's fresh trace has no header for its first frame: that one header is not compared.
internal static class TraceAssert
{
    public static void Continues(List<string> original, int savedAt, List<string> restored, string what)
    {
        List<string> expected = original.Skip(savedAt).ToList();
        if (expected.Count > 0 && expected[0].StartsWith("frame ", StringComparison.Ordinal) && (restored.Count == 0 || !restored[0].StartsWith("frame ", StringComparison.Ordinal)))
        {
            expected.RemoveAt(0);
        }

        int n = Math.Min(expected.Count, restored.Count);
        for (int i = 0; i < n; i++)
        {
            if (expected[i] != restored[i])
            {
                Assert.Fail("Trace " + what + " differs at line " + i + ":\n expected: " + string.Join("\n           ", expected.Skip(Math.Max(0, i - 2)).Take(5)) +
                    "\n actual:   " + string.Join("\n           ", restored.Skip(Math.Max(0, i - 2)).Take(5)));
            }
        }

        Assert.AreEqual(expected.Count, restored.Count, "Trace " + what + " length; expected tail: " + string.Join(" | ", expected.Skip(n).Take(3)) +
            "; actual tail: " + string.Join(" | ", restored.Skip(n).Take(3)));
    }
}
