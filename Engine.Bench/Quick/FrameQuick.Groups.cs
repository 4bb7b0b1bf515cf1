using System;
using System.Collections.Generic;
using Engine.Game;

namespace Engine.Bench.Quick;

// `quick frame`, many groups: what a frame costs per group, not per script. The same 10,000 scripts, each waiting a long
// Seconds wait (the common state of a game's scripts), in one group and spread over 1,000 groups (one group per enemy,
// a pattern MEC users bring as one tag per enemy), side by side in alternating rounds; frame.per_group.ns is the
// difference per frame divided by the 999 extra groups.
public sealed partial class FrameQuick
{
    private const int PerGroupScripts = 10_000;
    private const int ManyGroups = 1_000;
    private const int PerGroupFramesPerRound = 1_000;

    private static void ReportPerGroup(Action<string, double> report)
    {
        using GameLoop oneGroup = WaitingGame(1);
        using GameLoop manyGroups = WaitingGame(ManyGroups);
        Rounds rounds = Rounds.Run(
            15,
            ("one_group", () => WaitingFrames(oneGroup)),
            ("many_groups", () => WaitingFrames(manyGroups)));
        double extraSeconds = (1 / rounds.Rate("many_groups")) - (1 / rounds.Rate("one_group"));
        report("frame.waiting10k.1k_groups.us", 1e6 / rounds.Rate("many_groups"));
        report("frame.per_group.ns", extraSeconds * 1e9 / (ManyGroups - 1));
    }

    private static GameLoop WaitingGame(int groups)
    {
        var game = new GameLoop();
        var created = new ScriptGroup[groups];
        for (int i = 0; i < groups; i++)
        {
            created[i] = game.CreateGroup("g" + i);
        }

        for (int i = 0; i < PerGroupScripts; i++)
        {
            created[i % groups].Spawn(LongWaits());
        }

        game.Tick(Dt);
        return game;
    }

    private static long WaitingFrames(GameLoop game)
    {
        for (int f = 0; f < PerGroupFramesPerRound; f++)
        {
            game.Tick(Dt);
        }

        return PerGroupFramesPerRound;
    }

    private static IEnumerator<Yield> LongWaits()
    {
        while (true)
        {
            yield return Yield.Seconds(1_000_000);
        }
    }
}
