using System;
using System.Text;

namespace Engine.Generators;

/// <summary>A minimal indented text writer (four spaces per level, '\n' line endings) for the emitter.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Indent() => _indent++;

    public void Outdent() => _indent--;

    public void Line() => _builder.Append('\n');

    /// <summary>Writes each line of <paramref name="text"/> at the current indentation.</summary>
    public void Line(string text)
    {
        foreach (string line in text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None))
        {
            if (line.Length > 0)
            {
                _builder.Append(' ', _indent * 4).Append(line);
            }

            _builder.Append('\n');
        }
    }

    public void Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public override string ToString() => _builder.ToString();
}
