using System.Collections.Generic;
using Engine.Game;

namespace Engine.Bench.Quick;

// frame.mixed: the phased frame and the bare list with four kinds of script instead of one. With one kind, the bare
// list's MoveNext call site sees a single type, so profile-guided optimisation inlines that iterator's MoveNext into
// the loop, which neither a game's script loop (scripts of many kinds) nor the engine's batch (one call site for every
// task) can do. Four kinds with the same body, interleaved in every group and in the list, make both sides pay the
// interface calls a real scene pays; the figure beside frame.vs_bare_list says how much of that ratio is this effect.
public sealed partial class FrameQuick
{
    private const int ScriptKinds = 4;

    private static GameLoop MixedPhasedGame()
    {
        int next = 0;
        return PhasedGame(() => MixedScript(next++));
    }

    private static List<IEnumerator<Yield>> MixedBareList()
    {
        var list = new List<IEnumerator<Yield>>(Scripts);
        for (int i = 0; i < Scripts; i++)
        {
            list.Add(MixedScript(i));
        }

        return list;
    }

    // The phased game gives script i to group i % 4, so the kind follows i / 4: every group holds all four kinds.
    private static IEnumerator<Yield> MixedScript(int index) => (index / 4 % ScriptKinds) switch
    {
        0 => Ticker(),
        1 => TickerB(),
        2 => TickerC(),
        _ => TickerD(),
    };

    private static IEnumerator<Yield> TickerB()
    {
        while (true)
        {
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> TickerC()
    {
        while (true)
        {
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> TickerD()
    {
        while (true)
        {
            yield return Yield.NextTick;
        }
    }
}
