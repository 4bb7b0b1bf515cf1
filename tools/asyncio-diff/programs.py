"""Random task programs for the asyncio differential test (Engine.Tests/Core/Differential).

`python3 programs.py generate COUNT SEED [FIRST] > programs.txt` writes COUNT random programs numbered from FIRST;
`python3 programs.py run programs.txt` runs each with asyncio on a virtual clock and prints every program's log. The C#
test interprets the same program text on the engine and compares the logs line by line.

A program is plain text: `program N`, then `task NAME | op | op ...` lines (started at time 0 in this order),
`sub NAME | op ...` lines (started by a `spawn NAME` op), then `end`. Ops are the asyncio operations whose meaning the
engine shares: sleeping, spawning, awaiting and cancelling tasks, gather (failing fast or collecting exceptions),
wait_for, wait(FIRST_COMPLETED), locks, events, callbacks; with `more` (fifth argument of `generate`) also semaphores,
queues, conditions, a barrier, shield, timeout scopes, wait with a timeout and task groups. Every body runs in
try/finally and logs when it unwinds.
"""
import asyncio
import heapq
import random
import selectors
import sys

TIMES = [0, 0, 0.5, 1, 1, 2]


def fmt(x):
    return "%g" % round(x, 6)


def generate(rng, index, more=False):
    """One program. With `more`, programs also use semaphores (S0 holds 1, S1 2), queues (U0 holds 1, U1 2),
    conditions, barriers (B0 of 2 parties), shield, timeout scopes, wait(ALL_COMPLETED) with a timeout and task groups
    (a `group A B` op starts two sub-tasks in a TaskGroup instead of two `spawn` ops); those draws come after the
    others, so programs without `more` stay as they were."""
    lines = ["program %d" % index]
    locks = ["L%d" % i for i in range(rng.randint(0, 2))]
    events = ["E%d" % i for i in range(rng.randint(0, 2))]
    tasks = ["T%d" % i for i in range(rng.randint(2, 6))]
    subs = ["Q%d" % i for i in range(rng.randint(1, 4))]
    spawner = {s: rng.choice(tasks) for s in subs}
    sems = ["S%d" % i for i in range(rng.randint(0, 2))] if more else []
    queues = ["U%d" % i for i in range(rng.randint(0, 2))] if more else []
    conds = ["C%d" % i for i in range(rng.randint(0, 1))] if more else []
    barriers = ["B%d" % i for i in range(rng.randint(0, 1))] if more else []

    def op(me):
        # a sub-task awaits only later sub-tasks, so that no two tasks wait for each other (asyncio's cancel of such a
        # cycle recurses without end; the engine reports the deadlock)
        others = [s for s in subs if not me.startswith("Q") or int(s[1:]) > int(me[1:])]
        choices = ["sleep", "sleep", "soon", "later"]
        if others:
            choices += ["join", "join", "cancel", "waitfor"]
        if len(others) >= 2:
            choices += ["gather", "gatherx", "first"]
        if locks:
            choices += ["lock", "lock"]
        if events:
            choices += ["eset", "ewait", "ewait", "eclear"]
        if more:
            if others:
                choices += ["shield", "timeout"]
            if len(others) >= 2:
                choices += ["waitall"]
            if sems:
                choices += ["sem", "sem"]
            if queues:
                choices += ["qput", "qput", "qget", "qget", "qjoin"]
            if conds:
                choices += ["cwait", "cwait", "cnotify", "cnotifyall"]
            if barriers:
                choices += ["bwait"]
        k = rng.choice(choices)
        if k == "sleep":
            return "sleep %s" % fmt(rng.choice(TIMES))
        if k in ("soon", "later"):
            return "%s %s" % (k, fmt(rng.choice(TIMES))) if k == "later" else "soon"
        if k in ("join", "cancel"):
            return "%s %s" % (k, rng.choice(others))
        if k == "timeout":
            return "timeout %s %s" % (rng.choice(others), fmt(rng.choice([0, 0.5, 1, 2, 3])))
        if k == "waitall":
            a, b = rng.sample(others, 2)
            return "waitall %s %s %s" % (a, b, fmt(rng.choice([0, 0.5, 1, 2, 3])))
        if k == "shield":
            return "shield %s" % rng.choice(others)
        if k == "sem":
            return "sem %s %s" % (rng.choice(sems), fmt(rng.choice(TIMES)))
        if k in ("qput", "qget", "qjoin"):
            return "%s %s" % (k, rng.choice(queues))
        if k in ("cwait", "cnotify", "cnotifyall"):
            return "%s %s" % (k, rng.choice(conds))
        if k == "bwait":
            return "bwait %s" % rng.choice(barriers)
        if k == "waitfor":
            return "waitfor %s %s" % (rng.choice(others), fmt(rng.choice([0, 0.5, 1, 2, 3])))
        if k in ("gather", "gatherx", "first"):
            a, b = rng.sample(others, 2)
            return "%s %s %s" % (k, a, b)
        if k == "lock":
            return "lock %s %s" % (rng.choice(locks), fmt(rng.choice(TIMES)))
        return "%s %s" % (k, rng.choice(events))

    for t in tasks:
        ops = [op(t) for _ in range(rng.randint(2, 7))]
        mine = [s for s in subs if spawner[s] == t]
        while mine:
            if more and len(mine) >= 2 and rng.random() < 0.5:
                starts = "group %s %s" % (mine[0], mine[1])
                mine = mine[2:]
            else:
                starts = "spawn %s" % mine[0]
                mine = mine[1:]
            ops.insert(rng.randint(0, len(ops)), starts)
        lines.append("task %s | %s" % (t, " | ".join(ops)))
    for s in subs:
        ops = [op(s) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.25:
            ops.append("raise")
        lines.append("sub %s | %s" % (s, " | ".join(ops)))
    lines.append("end")
    return "\n".join(lines)


def parse(text):
    programs = []
    current = None
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.split(" | ")
        words = parts[0].split()
        if words[0] == "program":
            current = {"index": int(words[1]), "task": [], "sub": []}
        elif words[0] == "end":
            programs.append(current)
        else:
            current[words[0]].append((words[1], [p.split() for p in parts[1:]]))
    return programs


class VirtualSelector(selectors.BaseSelector):
    """A selector that never waits: select(timeout) moves the loop's virtual clock forward by timeout."""

    def __init__(self):
        self._map = {}
        self.loop = None

    def register(self, fileobj, events, data=None):
        key = selectors.SelectorKey(fileobj, id(fileobj), events, data)
        self._map[fileobj] = key
        return key

    def unregister(self, fileobj):
        return self._map.pop(fileobj)

    def select(self, timeout=None):
        if timeout is not None and timeout > 0:
            self.loop.now += timeout
        return []

    def get_map(self):
        return self._map

    def close(self):
        pass


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        selector = VirtualSelector()
        super().__init__(selector)
        selector.loop = self
        self.now = 0.0

    def time(self):
        return self.now

    def _make_self_pipe(self):
        pass

    def _close_self_pipe(self):
        pass

    def _write_to_self(self):
        pass


def run(program):
    loop = VirtualLoop()
    asyncio.set_event_loop(loop)
    log = []

    def say(who, what):
        log.append("%s %s: %s" % (fmt(loop.time()), who, what))

    handles = {}
    bodies = {name: ops for name, ops in program["sub"]}
    # each primitive made at its first use; the digit in S0/S1 and U0/U1 sets its size
    makers = {"L": lambda name: asyncio.Lock(), "E": lambda name: asyncio.Event(),
              "S": lambda name: asyncio.Semaphore(int(name[1:]) + 1), "U": lambda name: asyncio.Queue(int(name[1:]) + 1),
              "C": lambda name: asyncio.Condition(), "B": lambda name: asyncio.Barrier(2)}
    primitives = {}

    def primitive(name):
        if name not in primitives:
            primitives[name] = makers[name[0]](name)
        return primitives[name]

    lock = event = sem = queue = cond = barrier = primitive

    def leaves(x):
        if isinstance(x, BaseExceptionGroup):
            return [leaf for inner in x.exceptions for leaf in leaves(inner)]
        return [x]

    def caught(x, prefix="caught "):
        # a task group's errors, one by one in name order (nested groups flattened)
        return ", ".join(sorted(prefix + str(leaf) for leaf in leaves(x)))

    def outcome(t):
        if t.cancelled():
            return "cancelled"
        if t.exception() is not None:
            return "failed: %s" % t.exception()
        return str(t.result())

    async def body(me, ops):
        say(me, "starts")
        done = False
        try:
            for o in ops:
                k = o[0]
                if k == "sleep":
                    await asyncio.sleep(float(o[1]))
                    say(me, "slept %s" % o[1])
                elif k == "soon":
                    loop.call_soon(say, me, "soon callback")
                elif k == "later":
                    loop.call_later(float(o[1]), say, me, "later %s callback" % o[1])
                elif k == "spawn":
                    handles[o[1]] = asyncio.get_running_loop().create_task(body(o[1], bodies[o[1]]))
                    say(me, "spawns %s" % o[1])
                elif k == "cancel":
                    t = handles.get(o[1])
                    if t is None:
                        say(me, "%s not spawned" % o[1])
                        continue
                    say(me, "cancels %s: %s" % (o[1], t.cancel()))
                elif k in ("gather", "gatherx"):
                    a, b = handles.get(o[1]), handles.get(o[2])
                    if a is None or b is None:
                        say(me, "%s: not both spawned" % k)
                        continue
                    say(me, "%s of %s and %s" % (k, o[1], o[2]))
                    try:
                        vs = await asyncio.gather(a, b, return_exceptions=(k == "gatherx"))
                        say(me, "%s: %s" % (k, ", ".join(
                            "cancelled" if isinstance(v, asyncio.CancelledError) else
                            caught(v, "failed: ") if isinstance(v, BaseException) else str(v) for v in vs)))
                    except asyncio.CancelledError:
                        if asyncio.current_task().cancelling():
                            raise
                        say(me, "%s: cancelled" % k)
                    except (ValueError, ExceptionGroup) as x:
                        say(me, caught(x))
                elif k in ("first", "waitall"):
                    a, b = handles.get(o[1]), handles.get(o[2])
                    if a is None or b is None:
                        say(me, "%s: not both spawned" % k)
                        continue
                    if k == "first":
                        done_set, pending = await asyncio.wait([a, b], return_when=asyncio.FIRST_COMPLETED)
                    else:
                        done_set, pending = await asyncio.wait([a, b], timeout=float(o[3]))
                    say(me, "%s: done %s" % (k, ",".join(sorted(n for n, t in ((o[1], a), (o[2], b)) if t in done_set))))
                elif k in ("join", "waitfor", "shield", "timeout"):
                    t = handles.get(o[1])
                    if t is None:
                        say(me, "%s not spawned" % o[1])
                        continue
                    try:
                        if k == "join":
                            v = await t
                        elif k == "waitfor":
                            v = await asyncio.wait_for(t, float(o[2]))
                        elif k == "shield":
                            v = await asyncio.shield(t)
                        else:
                            async with asyncio.timeout(float(o[2])):
                                v = await t
                        say(me, "%s %s: %s" % ({"join": "joined", "waitfor": "waited for", "shield": "shielded"}.get(k, "timed"), o[1], v))
                    except TimeoutError:
                        say(me, "timed out waiting for %s" % o[1])
                    except asyncio.CancelledError:
                        if asyncio.current_task().cancelling():
                            raise
                        say(me, "%s was cancelled" % o[1])
                    except (ValueError, ExceptionGroup) as x:
                        say(me, caught(x))
                elif k == "group":
                    try:
                        async with asyncio.TaskGroup() as tg:
                            for name in o[1:]:
                                handles[name] = tg.create_task(body(name, bodies[name]))
                                say(me, "spawns %s" % name)
                        say(me, "group of %s ends" % " and ".join(o[1:]))
                    except ExceptionGroup as x:
                        say(me, "group: " + caught(x))
                elif k == "sem":
                    async with sem(o[1]):
                        say(me, "holds %s" % o[1])
                        await asyncio.sleep(float(o[2]))
                    say(me, "released %s" % o[1])
                elif k == "qput":
                    await queue(o[1]).put(me)
                    say(me, "put into %s" % o[1])
                elif k == "qget":
                    item = await queue(o[1]).get()
                    queue(o[1]).task_done()
                    say(me, "got %s from %s" % (item, o[1]))
                elif k == "qjoin":
                    await queue(o[1]).join()
                    say(me, "joined %s" % o[1])
                elif k == "cwait":
                    async with cond(o[1]):
                        await cond(o[1]).wait()
                        say(me, "notified by %s" % o[1])
                elif k in ("cnotify", "cnotifyall"):
                    async with cond(o[1]):
                        if k == "cnotify":
                            cond(o[1]).notify()
                        else:
                            cond(o[1]).notify_all()
                        say(me, "notifies %s" % o[1])
                elif k == "bwait":
                    try:
                        i = await barrier(o[1]).wait()
                        say(me, "passed %s" % o[1])
                    except asyncio.BrokenBarrierError:
                        say(me, "%s broken" % o[1])
                elif k == "lock":
                    async with lock(o[1]):
                        say(me, "holds %s" % o[1])
                        await asyncio.sleep(float(o[2]))
                    say(me, "released %s" % o[1])
                elif k == "eset":
                    event(o[1]).set()
                    say(me, "sets %s" % o[1])
                elif k == "eclear":
                    event(o[1]).clear()
                    say(me, "clears %s" % o[1])
                elif k == "ewait":
                    await event(o[1]).wait()
                    say(me, "saw %s" % o[1])
                elif k == "raise":
                    say(me, "raises")
                    raise ValueError("%s raised" % me)
                else:
                    raise KeyError(k)
            done = True
            say(me, "ends")
            return me + " result"
        finally:
            if not done:
                say(me, "unwinds")

    async def main():
        ts = []
        for name, ops in program["task"]:
            handles[name] = asyncio.get_running_loop().create_task(body(name, ops))
            ts.append((name, handles[name]))
        # run until every task is done or nothing can happen before the limit
        while loop.time() < 100 and not all(t.done() for t in handles.values()):
            await asyncio.sleep(1)
        for name in sorted(handles):
            t = handles[name]
            if not t.done():
                t.cancel()
        for _ in range(10):  # cancellation that reaches awaited work takes a few iterations to unwind
            if all(t.done() for t in handles.values()):
                break
            await asyncio.sleep(0)
        for name in sorted(handles):
            t = handles[name]
            log.append("%s: %s" % (name, outcome(t) if t.done() else "pending"))

    loop.set_exception_handler(lambda l, c: None)
    loop.run_until_complete(main())
    loop.close()
    return log


def main():
    if sys.argv[1] == "generate":
        count, seed = int(sys.argv[2]), int(sys.argv[3])
        first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
        more = len(sys.argv) > 5 and sys.argv[5] == "more"
        rng = random.Random(seed)
        print("\n".join(generate(rng, first + i, more) for i in range(count)))
    else:
        for p in parse(open(sys.argv[2]).read()):
            print("== program %d" % p["index"])
            print("\n".join(run(p)))


if __name__ == "__main__":
    main()
