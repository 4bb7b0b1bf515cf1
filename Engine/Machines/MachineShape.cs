using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Machines;

// Compares two machine shapes and says what changed, for the error of a restore into a changed method. The generator
// writes a shape as a fingerprint of what a snapshot holds (Engine.Generators/Lowerer.Shape.cs): "param n int",
// "field _i int", and per yield "site 2 Yield.Seconds(1) | fields _i _total | finally 1" (its expression, the fields in
// scope there, the finally blocks open around it). The engine's own helper machines write their sites without a frame
// and a "code N" line, their version. Fields and parameters are compared by name, yields by matching the two lists in
// order (a longest common subsequence), so an inserted yield reads as one added yield and the others renumbered.
internal static class MachineShape
{
    public static string? Describe(string saved, string current)
    {
        if (string.Equals(saved, current, StringComparison.Ordinal))
        {
            return null;
        }

        Parsed before = Parse(saved);
        Parsed after = Parse(current);
        var changes = new List<string>();
        CompareMembers("parameter", before.Parameters, after.Parameters, changes);
        CompareMembers("field", before.Fields, after.Fields, changes);
        CompareSites(before.Sites, after.Sites, changes);
        if (before.Code is not null && after.Code is not null && !string.Equals(before.Code, after.Code, StringComparison.Ordinal))
        {
            changes.Add("its version changed from " + before.Code + " to " + after.Code);
        }

        return changes.Count == 0 ? "its shape text differs" : string.Join("; ", changes);
    }

    private static void CompareMembers(string kind, List<KeyValuePair<string, string>> before, List<KeyValuePair<string, string>> after, List<string> changes)
    {
        foreach (KeyValuePair<string, string> old in before)
        {
            string? now = Find(after, old.Key);
            if (now is null)
            {
                changes.Add(kind + " '" + old.Key + "' (" + old.Value + ") was removed");
            }
            else if (!string.Equals(now, old.Value, StringComparison.Ordinal))
            {
                changes.Add(kind + " '" + old.Key + "' changed type from " + old.Value + " to " + now);
            }
        }

        foreach (KeyValuePair<string, string> added in after)
        {
            if (Find(before, added.Key) is null)
            {
                changes.Add(kind + " '" + added.Key + "' (" + added.Value + ") was added");
            }
        }
    }

    private static string? Find(List<KeyValuePair<string, string>> members, string name)
    {
        foreach (KeyValuePair<string, string> member in members)
        {
            if (member.Key == name)
            {
                return member.Value;
            }
        }

        return null;
    }

    private static void CompareSites(List<Site> before, List<Site> after, List<string> changes)
    {
        // Longest common subsequence of equal sites: the matched ones are the same resume points, maybe renumbered.
        int[,] length = new int[before.Count + 1, after.Count + 1];
        for (int i = before.Count - 1; i >= 0; i--)
        {
            for (int j = after.Count - 1; j >= 0; j--)
            {
                length[i, j] = before[i].SameAs(after[j]) ? length[i + 1, j + 1] + 1 : Math.Max(length[i + 1, j], length[i, j + 1]);
            }
        }

        var renumbered = new List<string>();
        var removed = new List<Site>();
        var added = new List<Site>();
        int a = 0;
        int b = 0;
        while (a < before.Count || b < after.Count)
        {
            if (a < before.Count && b < after.Count && before[a].SameAs(after[b]))
            {
                if (before[a].Id != after[b].Id)
                {
                    renumbered.Add("#" + before[a].IdText + " (" + before[a].Expression + ") is now #" + after[b].IdText);
                }

                a++;
                b++;
            }
            else if (b < after.Count && (a == before.Count || length[a, b + 1] >= length[a + 1, b]))
            {
                added.Add(after[b++]);
            }
            else
            {
                removed.Add(before[a++]);
            }
        }

        // An unmatched old site equal to an unmatched new one: a yield moved past others (two swapped yields).
        for (int i = 0; i < removed.Count; i++)
        {
            Site? moved = null;
            foreach (Site candidate in added)
            {
                if (removed[i].SameAs(candidate))
                {
                    moved = candidate;
                    break;
                }
            }

            if (moved is not null)
            {
                renumbered.Add("#" + removed[i].IdText + " (" + removed[i].Expression + ") is now #" + moved.IdText);
                added.Remove(moved);
                removed.RemoveAt(i--);
            }
        }

        // An unmatched old site and an unmatched new one with the same number: one yield that changed in place.
        foreach (Site old in removed)
        {
            Site? now = null;
            foreach (Site candidate in added)
            {
                if (candidate.Id == old.Id)
                {
                    now = candidate;
                    break;
                }
            }

            if (now is null)
            {
                changes.Add("yield #" + old.IdText + " (" + old.Expression + ") was removed");
                continue;
            }

            added.Remove(now);
            changes.Add("yield #" + old.IdText + " changed: " + old.Difference(now));
        }

        foreach (Site site in added)
        {
            changes.Add("yield #" + site.IdText + " (" + site.Expression + ") was added");
        }

        if (renumbered.Count > 0)
        {
            changes.Add("yields renumbered: " + string.Join(", ", renumbered));
        }
    }

    private static Parsed Parse(string shape)
    {
        var parsed = new Parsed();
        foreach (string line in shape.Split('\n'))
        {
            if (line.StartsWith("param ", StringComparison.Ordinal))
            {
                parsed.Parameters.Add(NameAndRest(line.Substring("param ".Length)));
            }
            else if (line.StartsWith("field ", StringComparison.Ordinal))
            {
                parsed.Fields.Add(NameAndRest(line.Substring("field ".Length)));
            }
            else if (line.StartsWith("site ", StringComparison.Ordinal))
            {
                parsed.Sites.Add(Site.Parse(line.Substring("site ".Length)));
            }
            else if (line.StartsWith("code ", StringComparison.Ordinal))
            {
                parsed.Code = line.Substring("code ".Length);
            }
        }

        return parsed;
    }

    private static KeyValuePair<string, string> NameAndRest(string text)
    {
        int space = text.IndexOf(' ');
        return space < 0 ? new KeyValuePair<string, string>(text, "") : new KeyValuePair<string, string>(text.Substring(0, space), text.Substring(space + 1));
    }

    private sealed class Parsed
    {
        public List<KeyValuePair<string, string>> Parameters { get; } = new();

        public List<KeyValuePair<string, string>> Fields { get; } = new();

        public List<Site> Sites { get; } = new();

        public string? Code { get; set; }
    }

    // "2 Yield.Seconds(1) | fields _i _total | finally 1"; a helper's site has no frame parts.
    private sealed class Site
    {
        private Site(int id, string expression, string? fields, string? finallyDepth)
        {
            Id = id;
            Expression = expression;
            Fields = fields;
            FinallyDepth = finallyDepth;
        }

        public int Id { get; }

        public string IdText => Id.ToString(CultureInfo.InvariantCulture);

        public string Expression { get; }

        public string? Fields { get; }

        public string? FinallyDepth { get; }

        public static Site Parse(string text)
        {
            KeyValuePair<string, string> idAndRest = NameAndRest(text);
            int.TryParse(idAndRest.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out int id);
            string[] parts = idAndRest.Value.Split(new[] { " | " }, StringSplitOptions.None);
            string? fields = null;
            string? finallyDepth = null;
            for (int i = 1; i < parts.Length; i++)
            {
                if (parts[i].StartsWith("fields ", StringComparison.Ordinal))
                {
                    fields = parts[i].Substring("fields ".Length);
                }
                else if (parts[i].StartsWith("finally ", StringComparison.Ordinal))
                {
                    finallyDepth = parts[i].Substring("finally ".Length);
                }
            }

            return new Site(id, parts[0], fields, finallyDepth);
        }

        public bool SameAs(Site other) =>
            string.Equals(Expression, other.Expression, StringComparison.Ordinal) &&
            string.Equals(Fields, other.Fields, StringComparison.Ordinal) &&
            string.Equals(FinallyDepth, other.FinallyDepth, StringComparison.Ordinal);

        // What differs between this site and the one now at its number.
        public string Difference(Site now)
        {
            var parts = new List<string>();
            if (!string.Equals(Expression, now.Expression, StringComparison.Ordinal))
            {
                parts.Add("'" + Expression + "' is now '" + now.Expression + "'");
            }

            if (!string.Equals(Fields, now.Fields, StringComparison.Ordinal))
            {
                parts.Add("fields in scope '" + (Fields ?? "?") + "' are now '" + (now.Fields ?? "?") + "'");
            }

            if (!string.Equals(FinallyDepth, now.FinallyDepth, StringComparison.Ordinal))
            {
                parts.Add("finally blocks open around it " + (FinallyDepth ?? "?") + " are now " + (now.FinallyDepth ?? "?"));
            }

            return string.Join(", ", parts);
        }
    }
}
