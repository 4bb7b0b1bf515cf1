using System;
using System.Collections.Generic;
using Engine;

namespace KitchenExample;

/// <summary>
/// The crew's coroutines, as [Coroutine] machines so a snapshot can save each one where it is suspended: the host taking
/// orders onto the ticket rail, the chefs (each order a task group of dishes under a time limit), the runners at the
/// pass, the cashier, and the manager who closes the night.
/// </summary>
public static partial class Crew
{
    /// <summary>Takes <paramref name="orders"/> orders onto the rail (it holds three tickets: the host waits when it is
    /// full), then one closing ticket (0) per chef.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Host(Kitchen kitchen, CoQueue<int> rail, int orders, int chefs)
    {
        for (int id = 1; id <= orders; id++)
        {
            yield return Yield.Seconds(Kitchen.Gap(id));
            kitchen.Say("order #" + id + " comes in: " + Kitchen.DishCount(id) + " dish(es)" + (rail.IsFull ? ", the rail is full" : ""));
            yield return rail.Put(id);
        }

        for (int i = 0; i < chefs; i++)
        {
            yield return rail.Put(0);
        }

        kitchen.Say("the host closes the door");
    }

    /// <summary>Waits for the kitchen to open, then cooks orders from the rail until its closing ticket; each order runs
    /// under a time limit (a move-on scope) and may fail (a spoiled dish fails the order's group); finished orders go to
    /// the pass. At the end of the shift, waits for the other chefs at the barrier.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Chef(Kitchen kitchen, string name, CoEvent open, CoQueue<int> rail, CoSemaphore burners, CoLock oven,
        CoCondition pass, CoBarrier shiftEnd)
    {
        yield return open.Wait();
        kitchen.Say(name + " starts");
        int cooked = 0;
        while (true)
        {
            yield return rail.Get();
            int id = Co.Result<int>();
            if (id == 0)
            {
                break;
            }

            kitchen.Say(name + " takes order #" + id);
            TimeoutScope limit = TimeoutScope.MoveOnAfter(Kitchen.Limit(id));
            yield return Co.Catch(limit.Run(new OrderMachine(kitchen, name, id, burners, oven)));
            if (Co.Exception is { } failure)
            {
                kitchen.Drop(id, name, failure.Message);
                continue;
            }

            if (limit.Expired)
            {
                kitchen.Drop(id, name, "not ready within " + Kitchen.Limit(id) + " minutes");
                continue;
            }

            yield return pass.Acquire();
            kitchen.Plate(id);
            pass.NotifyAll();
            pass.Release();
            cooked++;
        }

        kitchen.Say(name + " has cooked " + cooked + " order(s) and waits for the others");
        yield return shiftEnd.Wait();
        int arrival = Co.Result<int>();
        kitchen.Say(name + " leaves (arrived " + arrival + " at the barrier)");
        yield return Yield.Return(name + ":" + cooked);
    }

    /// <summary>One order: its dishes cook at once in a task group, then the chef plates it.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Order(Kitchen kitchen, string chef, int id, CoSemaphore burners, CoLock oven)
    {
        var dishes = new TaskGroup();
        yield return dishes.Run(new DishesMachine(dishes, kitchen, id, burners, oven));
        kitchen.Say(chef + " plates order #" + id);
        yield return Yield.Seconds(0.5);
    }

    /// <summary>The body of an order's group: starts each dish, then garnishes while they cook.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Dishes(TaskGroup dishes, Kitchen kitchen, int id, CoSemaphore burners, CoLock oven)
    {
        int count = Kitchen.DishCount(id);
        for (int dish = 0; dish < count; dish++)
        {
            dishes.Spawn(new DishMachine(kitchen, id, dish, burners, oven), "order " + id + " dish " + dish);
        }

        yield return Yield.Seconds(0.25);
    }

    /// <summary>One dish: on a burner (two for the whole kitchen) or in the oven (one), released even when the order is
    /// dropped mid-cooking.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Dish(Kitchen kitchen, int id, int dish, CoSemaphore burners, CoLock oven)
    {
        bool baked = Kitchen.Baked(id, dish);
        if (baked)
        {
            yield return oven.Acquire();
        }
        else
        {
            yield return burners.Acquire();
        }

        try
        {
            yield return Yield.Seconds(Kitchen.CookTime(id, dish));
            if (dish == 0 && Kitchen.Spoils(id))
            {
                throw new InvalidOperationException("the sauce of order #" + id + " split");
            }

            kitchen.Say("  order #" + id + " dish " + dish + " is " + (baked ? "baked" : "cooked"));
        }
        finally
        {
            if (baked)
            {
                oven.Release();
            }
            else
            {
                burners.Release();
            }
        }
    }

    /// <summary>Waits at the pass until a plate is there (or service closes), takes it to its table and hands the bill to
    /// the cashier.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Runner(Kitchen kitchen, string name, CoCondition pass, CoQueue<int> bills)
    {
        int runs = 0;
        while (true)
        {
            yield return pass.Acquire();
            yield return Yield.From(pass.WaitUntil(kitchen.PassHasWork));
            int plate = kitchen.TakePlate();
            pass.Release();
            if (plate == 0)
            {
                break;
            }

            kitchen.Say(name + " runs order #" + plate + " to its table");
            yield return Yield.Seconds(1.5);
            kitchen.Served(plate);
            yield return bills.Put(plate);
            runs++;
        }

        kitchen.Say(name + " goes home after " + runs + " run(s)");
        yield return Yield.Return(runs);
    }

    /// <summary>Takes each bill; the guest pays by card or cash, whichever is done first (WhenAny); at the closing bill
    /// (0) the tips go to the manager through a future.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Cashier(Kitchen kitchen, CoQueue<int> bills, Future<int> tips)
    {
        int total = 0;
        while (true)
        {
            yield return bills.Get();
            int id = Co.Result<int>();
            if (id == 0)
            {
                break;
            }

            yield return Co.WhenAny(new PayMachine(id, "card"), new PayMachine(id, "cash"));
            WhenAnyResult paid = Co.Result<WhenAnyResult>();
            total += kitchen.Pay(id);
            kitchen.Say("order #" + id + " is paid by " + paid.GetResult<string>());
        }

        tips.SetResult(total);
    }

    /// <summary>One way to pay.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Pay(int id, string way)
    {
        yield return Yield.Seconds(Kitchen.PayTime(id, way));
        yield return Yield.Return(way);
    }

    /// <summary>Gathers the chefs, closes the pass, waits (with a timeout) for the runners, sends the closing bill and
    /// waits for the tips; returns the night's report.</summary>
    [Coroutine]
    public static IEnumerator<Yield> Manager(Kitchen kitchen, CoTask[] chefs, CoTask[] runners, CoCondition pass, CoQueue<int> bills, Future<int> tips)
    {
        yield return Co.Gather(chefs);
        object?[] cooked = Co.Result<object?[]>();
        kitchen.Say("the manager sees the chefs out: " + string.Join(", ", cooked));
        yield return pass.Acquire();
        kitchen.Close();
        pass.NotifyAll();
        pass.Release();
        yield return Co.Catch(Co.WaitFor(Co.Gather(runners), 30));
        kitchen.Say(Co.Exception is null ? "the runners are done" : "the runners are late: " + Co.Exception.GetType().Name);
        yield return bills.Put(0);
        yield return Co.Catch(Co.WaitFor(tips, 10));
        int tipped = Co.Exception is null ? Co.Result<int>() : -1;
        string report = kitchen.Report(tipped);
        kitchen.Say("the manager closes the books: " + report);
        yield return Yield.Return(report);
    }
}
