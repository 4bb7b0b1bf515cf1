using System.Globalization;
using System.Text;

namespace Engine.Observe;

// Just enough JSON writing for the Chrome trace export: the runtime targets netstandard2.1, which has no JSON writer
// of its own, and the export needs only objects of strings and numbers.
internal static class JsonText
{
    public static StringBuilder String(this StringBuilder json, string value)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        return json.Append('"');
    }

    public static StringBuilder Number(this StringBuilder json, double value) =>
        json.Append(double.IsNaN(value) || double.IsInfinity(value) ? "0" : value.ToString("0.###", CultureInfo.InvariantCulture));
}
