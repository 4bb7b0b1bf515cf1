namespace Engine.Observe;

/// <summary>One frame of a task's stack in a <see cref="TaskView"/>: the coroutine and where it is suspended. Plain data.</summary>
public sealed class FrameView
{
    /// <summary>Creates a frame view.</summary>
    /// <param name="coroutine">The coroutine's name, such as <c>Kitchen.Chef</c>.</param>
    /// <param name="file">The source file of the suspension site (generated machines), or <see langword="null"/>.</param>
    /// <param name="line">The line of the suspension site, or 0 when unknown.</param>
    /// <param name="siteId">The site's ordinal among the method's yields (generated machines), or 0.</param>
    /// <param name="display">The readable form, such as <c>Kitchen.Chef#2 (Kitchen.cs:31)</c>.</param>
    public FrameView(string coroutine, string? file, int line, int siteId, string display)
    {
        Coroutine = coroutine;
        File = file;
        Line = line;
        SiteId = siteId;
        Display = display;
    }

    /// <summary>The coroutine's name, such as <c>Kitchen.Chef</c>.</summary>
    public string Coroutine { get; }

    /// <summary>The source file of the suspension site, for generated machines; <see langword="null"/> for compiler iterators.</summary>
    public string? File { get; }

    /// <summary>The line of the suspension site; 0 when unknown (compiler iterators).</summary>
    public int Line { get; }

    /// <summary>The site's ordinal among the method's yields (generated machines); 0 when unknown.</summary>
    public int SiteId { get; }

    /// <summary>The readable form: <c>Member#site (File.cs:line)</c> for generated machines, the method name otherwise.</summary>
    public string Display { get; }

    /// <inheritdoc/>
    public override string ToString() => Display;
}
