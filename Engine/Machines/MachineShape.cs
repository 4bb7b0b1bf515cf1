using System;
using System.Collections.Generic;

namespace Engine.Machines;

// Compares two machine shapes (written by the generator: one "kind name detail" line per parameter, field and yield,
// and a "code hash" line) and says what changed, for the error of a restore into a changed method.
internal static class MachineShape
{
    public static string? Describe(string saved, string current)
    {
        if (string.Equals(saved, current, StringComparison.Ordinal))
        {
            return null;
        }

        Dictionary<string, string> before = Parse(saved);
        Dictionary<string, string> after = Parse(current);
        var changes = new List<string>();
        foreach (KeyValuePair<string, string> pair in before)
        {
            if (pair.Key == "code")
            {
                continue;
            }

            if (!after.TryGetValue(pair.Key, out string? now))
            {
                changes.Add(Describe(pair.Key) + " (" + pair.Value + ") was removed");
            }
            else if (!string.Equals(now, pair.Value, StringComparison.Ordinal))
            {
                changes.Add(Describe(pair.Key) + " changed from '" + pair.Value + "' to '" + now + "'");
            }
        }

        foreach (KeyValuePair<string, string> pair in after)
        {
            if (pair.Key != "code" && !before.ContainsKey(pair.Key))
            {
                changes.Add(Describe(pair.Key) + " (" + pair.Value + ") was added");
            }
        }

        before.TryGetValue("code", out string? oldCode);
        after.TryGetValue("code", out string? newCode);
        if (!string.Equals(oldCode, newCode, StringComparison.Ordinal))
        {
            changes.Add("the code changed (hash " + (oldCode ?? "none") + " -> " + (newCode ?? "none") + ")");
        }

        return changes.Count == 0 ? "its shape text differs" : string.Join("; ", changes);
    }

    private static string Describe(string key)
    {
        int space = key.IndexOf(' ');
        string kind = space < 0 ? key : key.Substring(0, space);
        string name = space < 0 ? "" : key.Substring(space + 1);
        return kind switch
        {
            "site" => "yield #" + name,
            "param" => "parameter '" + name + "'",
            "field" => "field '" + name + "'",
            _ => key,
        };
    }

    // "field _i System.Int32" -> key "field _i", value "System.Int32"; "code 1a2b" -> key "code".
    private static Dictionary<string, string> Parse(string shape)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in shape.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            int first = line.IndexOf(' ');
            if (first < 0)
            {
                result[line] = "";
                continue;
            }

            if (line.StartsWith("code ", StringComparison.Ordinal))
            {
                result["code"] = line.Substring(5);
                continue;
            }

            int second = line.IndexOf(' ', first + 1);
            string key = second < 0 ? line : line.Substring(0, second);
            result[key] = second < 0 ? "" : line.Substring(second + 1);
        }

        return result;
    }
}
