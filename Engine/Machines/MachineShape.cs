using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Machines;

// Compares two machine shapes and says what changed, for the error of a restore into a changed method. The generator
// writes a shape as a fingerprint of what a snapshot holds (Engine.Generators/Lowerer.Shape.cs): "param n int", each
// field with its type and the yields where it is live ("field _i int live 2-5 8"), and per yield
// "site 2 Yield.Seconds(1) | finally 1" (its expression, the finally blocks open around it). Earlier generators wrote
// no live ranges but the fields in scope on each site's line ("site 2 Yield.Seconds(1) | fields _i _total |
// finally 1"), fields times yields of text; snapshots carry that form for good, so both are read into one model (the
// live yields of each field) and compared by meaning, never by text: an old snapshot of an unchanged method restores.
// The engine's own helper machines write their sites without a frame and a "code N" line, their version. Fields and
// parameters are compared by name, yields by matching the two lists in order (a longest common subsequence), so an
// inserted yield reads as one added yield and the others renumbered. Equal shapes are found in time linear in the text;
// the fields in scope at each yield, which the matching compares, are built only when something changed.
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
        if (before.SameAs(after))
        {
            return null;
        }

        var changes = new List<string>();
        CompareMembers("parameter", before.Parameters, after.Parameters, changes);
        CompareMembers("field", before.Fields, after.Fields, changes);
        before.BuildFrames();
        after.BuildFrames();
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
                KeyValuePair<string, string> field = NameAndRest(line.Substring("field ".Length));
                int live = field.Value.LastIndexOf(" live ", StringComparison.Ordinal);
                if (live >= 0 && ReadRanges(field.Value.Substring(live + " live ".Length), parsed.LiveOf(field.Key)))
                {
                    field = new KeyValuePair<string, string>(field.Key, field.Value.Substring(0, live));
                }

                parsed.Fields.Add(field);
            }
            else if (line.StartsWith("site ", StringComparison.Ordinal))
            {
                Site site = Site.Parse(line.Substring("site ".Length), out string? frame);
                parsed.Sites.Add(site);
                if (frame is not null && frame != "-")
                {
                    // The earlier form: the fields in scope listed on the site's line.
                    foreach (string name in frame.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                    {
                        parsed.LiveOf(name).Add((site.Id, site.Id));
                    }
                }
            }
            else if (line.StartsWith("code ", StringComparison.Ordinal))
            {
                parsed.Code = line.Substring("code ".Length);
            }
        }

        parsed.Normalize();
        return parsed;
    }

    // Reads "3-7 9" (or "-", none) into runs of yields; false, adding nothing, if the text is not such a list.
    private static bool ReadRanges(string text, List<(int From, int To)> runs)
    {
        if (text == "-")
        {
            return true;
        }

        var read = new List<(int From, int To)>();
        foreach (string part in text.Split(' '))
        {
            int dash = part.IndexOf('-');
            if (!TryId(dash < 0 ? part : part.Substring(0, dash), out int from))
            {
                return false;
            }

            int to = from;
            if (dash >= 0 && (!TryId(part.Substring(dash + 1), out to) || to < from))
            {
                return false;
            }

            read.Add((from, to));
        }

        runs.AddRange(read);
        return true;
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    private static KeyValuePair<string, string> NameAndRest(string text)
    {
        int space = text.IndexOf(' ');
        return space < 0 ? new KeyValuePair<string, string>(text, "") : new KeyValuePair<string, string>(text.Substring(0, space), text.Substring(space + 1));
    }

    private sealed class Parsed
    {
        // The yields where each field is live, as runs of yield numbers; after Normalize, sorted, disjoint and apart,
        // so both forms of one frame give equal runs. A field live nowhere has no entry.
        private readonly Dictionary<string, List<(int From, int To)>> _live = new(StringComparer.Ordinal);

        public List<KeyValuePair<string, string>> Parameters { get; } = new();

        public List<KeyValuePair<string, string>> Fields { get; } = new();

        public List<Site> Sites { get; } = new();

        public string? Code { get; set; }

        public List<(int From, int To)> LiveOf(string field)
        {
            if (!_live.TryGetValue(field, out List<(int From, int To)>? runs))
            {
                runs = new List<(int From, int To)>();
                _live.Add(field, runs);
            }

            return runs;
        }

        public void Normalize()
        {
            var empty = new List<string>();
            foreach (KeyValuePair<string, List<(int From, int To)>> pair in _live)
            {
                List<(int From, int To)> runs = pair.Value;
                runs.Sort((a, b) => a.From.CompareTo(b.From));
                int kept = 0;
                for (int i = 0; i < runs.Count; i++)
                {
                    (int from, int to) = runs[i];
                    if (kept > 0 && from <= runs[kept - 1].To + 1)
                    {
                        runs[kept - 1] = (runs[kept - 1].From, Math.Max(runs[kept - 1].To, to));
                    }
                    else
                    {
                        runs[kept++] = (from, to);
                    }
                }

                runs.RemoveRange(kept, runs.Count - kept);
                if (kept == 0)
                {
                    empty.Add(pair.Key);
                }
            }

            foreach (string name in empty)
            {
                _live.Remove(name);
            }
        }

        // The same parameters and fields in the same order with the same types, each field live at the same yields,
        // the same yields with the same expressions and finally blocks, the same version.
        public bool SameAs(Parsed other)
        {
            if (!string.Equals(Code, other.Code, StringComparison.Ordinal) || !SameMembers(Parameters, other.Parameters) ||
                !SameMembers(Fields, other.Fields) || Sites.Count != other.Sites.Count || _live.Count != other._live.Count)
            {
                return false;
            }

            for (int i = 0; i < Sites.Count; i++)
            {
                if (Sites[i].Id != other.Sites[i].Id || !string.Equals(Sites[i].Expression, other.Sites[i].Expression, StringComparison.Ordinal) ||
                    !string.Equals(Sites[i].FinallyDepth, other.Sites[i].FinallyDepth, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            foreach (KeyValuePair<string, List<(int From, int To)>> pair in _live)
            {
                if (!other._live.TryGetValue(pair.Key, out List<(int From, int To)>? runs) || runs.Count != pair.Value.Count)
                {
                    return false;
                }

                for (int i = 0; i < runs.Count; i++)
                {
                    if (runs[i] != pair.Value[i])
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        // Gives each site its frame, the fields live there in ordinal order ("-" for none), as the earlier form wrote
        // it: what the site matching compares and the messages show. As large as the earlier form's text, so built
        // only for a shape that changed; the work follows the frames, not the numbers a run spans.
        public void BuildFrames()
        {
            var sites = new List<Site>(Sites);
            sites.Sort((a, b) => a.Id.CompareTo(b.Id));
            var frames = new System.Text.StringBuilder?[sites.Count];
            var names = new List<string>(_live.Keys);
            names.Sort(StringComparer.Ordinal);
            foreach (string name in names)
            {
                foreach ((int from, int to) in _live[name])
                {
                    for (int i = FirstAtOrAfter(sites, from); i < sites.Count && sites[i].Id <= to; i++)
                    {
                        System.Text.StringBuilder frame = frames[i] ??= new System.Text.StringBuilder();
                        frame.Append(frame.Length == 0 ? "" : " ").Append(name);
                    }
                }
            }

            for (int i = 0; i < sites.Count; i++)
            {
                sites[i].Frame = frames[i]?.ToString() ?? "-";
            }
        }

        private static int FirstAtOrAfter(List<Site> sites, int id)
        {
            int low = 0;
            int high = sites.Count;
            while (low < high)
            {
                int middle = (low + high) / 2;
                if (sites[middle].Id < id)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        private static bool SameMembers(List<KeyValuePair<string, string>> a, List<KeyValuePair<string, string>> b)
        {
            if (a.Count != b.Count)
            {
                return false;
            }

            for (int i = 0; i < a.Count; i++)
            {
                if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) || !string.Equals(a[i].Value, b[i].Value, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    // "2 Yield.Seconds(1) | finally 1", in the earlier form "2 Yield.Seconds(1) | fields _i _total | finally 1"; a
    // helper's site has no frame parts.
    private sealed class Site
    {
        private Site(int id, string expression, string? finallyDepth)
        {
            Id = id;
            Expression = expression;
            FinallyDepth = finallyDepth;
        }

        public int Id { get; }

        public string IdText => Id.ToString(CultureInfo.InvariantCulture);

        public string Expression { get; }

        public string? FinallyDepth { get; }

        // The fields live here, in ordinal order ("-" for none): set by Parsed.BuildFrames, for matching and messages.
        public string Frame { get; set; } = "-";

        // A site line; frame: the fields listed on it in the earlier form ("-" for none), null in the current form.
        public static Site Parse(string text, out string? frame)
        {
            KeyValuePair<string, string> idAndRest = NameAndRest(text);
            int.TryParse(idAndRest.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out int id);
            string[] parts = idAndRest.Value.Split(new[] { " | " }, StringSplitOptions.None);
            frame = null;
            string? finallyDepth = null;
            for (int i = 1; i < parts.Length; i++)
            {
                if (parts[i].StartsWith("fields ", StringComparison.Ordinal))
                {
                    frame = parts[i].Substring("fields ".Length);
                }
                else if (parts[i].StartsWith("finally ", StringComparison.Ordinal))
                {
                    finallyDepth = parts[i].Substring("finally ".Length);
                }
            }

            return new Site(id, parts[0], finallyDepth);
        }

        public bool SameAs(Site other) =>
            string.Equals(Expression, other.Expression, StringComparison.Ordinal) &&
            string.Equals(Frame, other.Frame, StringComparison.Ordinal) &&
            string.Equals(FinallyDepth, other.FinallyDepth, StringComparison.Ordinal);

        // What differs between this site and the one now at its number.
        public string Difference(Site now)
        {
            var parts = new List<string>();
            if (!string.Equals(Expression, now.Expression, StringComparison.Ordinal))
            {
                parts.Add("'" + Expression + "' is now '" + now.Expression + "'");
            }

            if (!string.Equals(Frame, now.Frame, StringComparison.Ordinal))
            {
                parts.Add("fields in scope '" + Frame + "' are now '" + now.Frame + "'");
            }

            if (!string.Equals(FinallyDepth, now.FinallyDepth, StringComparison.Ordinal))
            {
                parts.Add("finally blocks open around it " + (FinallyDepth ?? "?") + " are now " + (now.FinallyDepth ?? "?"));
            }

            return string.Join(", ", parts);
        }
    }
}
