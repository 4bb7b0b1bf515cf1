namespace Engine.Machines;

// What a hand-written helper machine (HelperMachine) says of itself: the name of the coroutine it stands for (the name
// of the iterator it replaced, so traces and stack views read as before), the file its frame names, its shape text
// (saved with snapshots and compared on restore) and its number of yield sites. One static instance per machine type.
internal sealed class HelperInfo
{
    public HelperInfo(string name, string file, int siteCount, string shape)
    {
        Name = name;
        Site = new CoroutineSite(file, 0, name, 0);
        SiteCount = siteCount;
        Shape = shape;
    }

    public string Name { get; }

    public CoroutineSite Site { get; }

    public int SiteCount { get; }

    public string Shape { get; }
}
