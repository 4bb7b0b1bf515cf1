using System;

namespace Engine.Simulation;

// An append-only list of doubles in fixed chunks of 8,192 (64 KB, under the large object heap's threshold): adding
// never copies what is already there, so a monitor holding 10,000,000 samples costs 8 bytes a sample plus at most one
// partly filled chunk, where a doubling List<double> peaks at three times that while it grows (old and new array).
internal sealed class ChunkedLog
{
    private const int ChunkShift = 13;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    private double[][] _chunks = new double[4][];
    private int _count;

    public int Count => _count;

    public double this[int index] => _chunks[index >> ChunkShift][index & ChunkMask];

    public void Add(double value)
    {
        int chunk = _count >> ChunkShift;
        if ((_count & ChunkMask) == 0)
        {
            if (chunk == _chunks.Length)
            {
                Array.Resize(ref _chunks, chunk * 2);
            }

            // The first chunk starts small, so the many monitors that keep a few values stay small.
            _chunks[chunk] ??= new double[chunk == 0 ? 16 : ChunkSize];
        }
        else if (chunk == 0 && _count == _chunks[0].Length)
        {
            Array.Resize(ref _chunks[0], Math.Min(_count * 2, ChunkSize));
        }

        _chunks[chunk][_count & ChunkMask] = value;
        _count++;
    }

    // Copies every value, in the order added, to destination.
    public void CopyTo(Span<double> destination)
    {
        int done = 0;
        for (int c = 0; done < _count; c++)
        {
            int n = Math.Min(ChunkSize, _count - done);
            _chunks[c].AsSpan(0, n).CopyTo(destination.Slice(done));
            done += n;
        }
    }

    // Forgets every value and releases the chunks.
    public void Clear()
    {
        _chunks = new double[4][];
        _count = 0;
    }
}
