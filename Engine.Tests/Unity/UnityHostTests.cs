using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using UnityEngine;

namespace Engine.Tests.Unity;

// The Unity host (unity/Runtime/EngineHost.cs, compiled here against the UnityEngine stand-in) drives the phases from
// Unity's player loop, ends scripts with their GameObject, routes errors to Debug.LogException and follows Time.timeScale.
[TestClass]
[DoNotParallelize]
public sealed class UnityHostTests
{
    private static readonly List<string> s_log = new();

    [TestInitialize]
    public void Reset()
    {
        StandInPlayer.Reset();
        s_log.Clear();
    }

    private static IEnumerator<Yield> Every(string name)
    {
        while (true)
        {
            s_log.Add(name);
            yield return Yield.NextTick;
        }
    }

    private static EngineHost NewHost() => new GameObject("Engine").AddComponent<EngineHost>();

    [TestMethod]
    public void The_host_runs_the_phases_in_Unitys_order()
    {
        EngineHost host = NewHost();
        Assert.AreSame(host, EngineHost.Instance);
        GameLoop game = host.Game;
        game.Spawn(Every("fixed"), GamePhase.FixedUpdate);
        game.Spawn(Every("update"));
        game.Spawn(Every("late"), GamePhase.LateUpdate);
        game.Spawn(Every("end"), GamePhase.EndOfFrame);
        StandInPlayer.Frame(1f / 60, fixedSteps: 0);
        StandInPlayer.Frame(1f / 60, fixedSteps: 2);
        CollectionAssert.AreEqual(
            new[] { "update", "late", "end", "fixed", "fixed", "update", "late", "end" },
            s_log);
        Assert.AreEqual(2L, game.FrameCount);
    }

    private static IEnumerator<Yield> Enemy()
    {
        try
        {
            while (true)
            {
                yield return Yield.Seconds(0.1);
            }
        }
        finally
        {
            s_log.Add("enemy cleaned up");
        }
    }

    [TestMethod]
    public void Destroying_a_GameObject_ends_the_scripts_bound_to_it()
    {
        EngineHost host = NewHost();
        var enemy = new GameObject("enemy");
        CoTask script = host.Run(Enemy(), enemy);
        CoTask other = host.Run(Enemy(), new GameObject("other"));
        StandInPlayer.Frame(1f / 60, fixedSteps: 1);
        UnityEngine.Object.Destroy(enemy);
        CollectionAssert.AreEqual(new[] { "enemy cleaned up" }, s_log);
        Assert.IsTrue(script.IsCancelled);
        StringAssert.Contains(script.CancelMessage, "GameObject 'enemy' was destroyed");
        Assert.IsFalse(other.IsDone);
    }

    private static IEnumerator<Yield> Fails()
    {
        yield return Yield.NextTick;
        throw new InvalidOperationException("no such animation");
    }

    [TestMethod]
    public void A_failing_script_shows_up_in_Unitys_console_in_the_frame_it_fails()
    {
        EngineHost host = NewHost();
        host.Game.Spawn(Fails(), "animator");
        StandInPlayer.Frame(1f / 60, fixedSteps: 1);
        StandInPlayer.Frame(1f / 60, fixedSteps: 1);
        Assert.AreEqual(1, UnityEngine.Debug.Exceptions.Count);
        var error = (LoopErrorException)UnityEngine.Debug.Exceptions[0];
        StringAssert.Contains(error.Message, "Task 'animator' failed");
        Assert.IsInstanceOfType<InvalidOperationException>(error.InnerException);
    }

    private static IEnumerator<Yield> After(string name, double seconds)
    {
        yield return Yield.Seconds(seconds);
        s_log.Add(name);
    }

    [TestMethod]
    public void Time_timeScale_scales_the_root_group_and_unscaled_groups_ignore_it()
    {
        EngineHost host = NewHost();
        ScriptGroup menu = host.Game.CreateGroup("menu");
        menu.Unscaled = true;
        host.Game.Spawn(After("game", 0.5));
        menu.Spawn(After("menu", 0.5));
        Time.timeScale = 0; // the game is paused the Unity way
        for (int i = 0; i < 8; i++)
        {
            StandInPlayer.Frame(0.125f, fixedSteps: 0);
        }

        CollectionAssert.AreEqual(new[] { "menu" }, s_log);
        Time.timeScale = 1;
        for (int i = 0; i < 5; i++)
        {
            StandInPlayer.Frame(0.125f, fixedSteps: 0);
        }

        CollectionAssert.AreEqual(new[] { "menu", "game" }, s_log);
    }

    [TestMethod]
    public void Destroying_the_host_ends_every_script()
    {
        EngineHost host = NewHost();
        host.Run(Enemy(), new GameObject("enemy"));
        StandInPlayer.Frame(1f / 60, fixedSteps: 0);
        UnityEngine.Object.Destroy(host.gameObject);
        CollectionAssert.AreEqual(new[] { "enemy cleaned up" }, s_log);
        Assert.IsNull(EngineHost.Instance);
        Assert.IsTrue(host.Game.Loop.IsClosed);
    }

    [TestMethod]
    public void A_MonoBehaviour_starts_a_script_that_ends_with_its_GameObject()
    {
        NewHost();
        EnemyBehaviour.Log.Clear();
        var orc = new GameObject("orc");
        orc.AddComponent<EnemyBehaviour>();
        for (int i = 0; i < 9; i++)
        {
            StandInPlayer.Frame(0.25f, fixedSteps: 0);
        }

        UnityEngine.Object.Destroy(orc);
        CollectionAssert.AreEqual(new[] { "orc turns around", "orc stops patrolling" }, EnemyBehaviour.Log);
    }
}
