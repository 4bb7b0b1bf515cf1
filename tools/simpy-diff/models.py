"""Random simulation models for the SimPy differential test (Engine.Tests/Simulation/Differential).

`python3 models.py generate COUNT SEED [normal|dense|chains|densechains] [FIRST] > models.txt` writes COUNT random models, numbered from
FIRST; `python3 models.py run models.txt` runs each with SimPy (import path: PYTHONPATH, e.g. a local clone's src
folder) and prints every model's log. The C# test interprets the same model text on the engine and compares the logs
line by line.

A model is plain text: a `model N` line, then resources, stores, containers, events and processes, then `end`.
A process line is `proc NAME START | op | op ...` (started at time START) or `sub NAME | op ...` (started by a
`spawn NAME` op of another process). Every wait of every op is interruptible: an interrupt is logged and the process
goes on with its next op. See the Engine test for the op list; both interpreters must stay op-for-op the same.
"""
import random
import sys

TIMES = [0, 0, 0.5, 1, 1, 2, 3]
DENSE_TIMES = [0, 0, 0, 1, 1, 2]
LONG = [3, 999, 1001, 1500, 2500]  # chain lengths around and past the engine's continuation budget (1,000)


def generate(rng, index, dense=False, chains=False, prio=False):
    """One model; a dense one has more processes and ops, fewer distinct times and smaller capacities, so that more
    events fall on the same instant. With chains, processes also run long chains of waits that continue in place
    (more than the engine's continuation budget of 1,000 in a row): spinning on an event already processed, getting
    and putting many items, requesting a resource in a loop, calling sub-generators that return at once. The choices
    are drawn after the others, so the models of a seed without chains stay the same. With prio, some FIFO stores
    become priority stores (drawn last, so the other kinds' models stay the same)."""
    times = DENSE_TIMES if dense else TIMES
    lines = ["model %d" % index]
    resources = []
    for i in range(rng.randint(1, 3)):
        kind = rng.choice(["plain", "plain", "prio", "preempt"])
        name = "R%d" % i
        resources.append((name, kind))
        lines.append("res %s %s %d" % (name, kind, 1 if dense else rng.randint(1, 2)))
    stores = []
    filters = []
    for i in range(rng.randint(0, 2)):
        name = "S%d" % i
        kind = rng.choice(["fifo", "fifo", "filter"])
        stores.append(name)
        if kind == "filter":
            filters.append(name)
        lines.append("store %s %d %s" % (name, rng.choice([0, 1, 2]), kind))
    containers = []
    for i in range(rng.randint(0, 1)):
        name = "C%d" % i
        containers.append(name)
        lines.append("cont %s %d %d" % (name, rng.choice([5, 10]), rng.randint(0, 5)))
    events = []
    for i in range(rng.randint(0, 2)):
        name = "E%d" % i
        events.append(name)
        lines.append("event %s" % name)

    procs = ["P%d" % i for i in range(rng.randint(4, 10) if dense else rng.randint(2, 6))]
    subs = ["Q%d" % i for i in range(rng.randint(0, 4) if dense else rng.randint(0, 3))]
    everyone = procs + subs
    spawner = {s: rng.choice(procs) for s in subs}
    items = [0]

    def op(me):
        choices = ["wait", "tmo", "use", "use"]
        if len(everyone) > 1:
            choices += ["intr"]
        if stores:
            choices += ["put", "get", "getp"]
        if containers:
            choices += ["cput", "cget"]
        if events:
            choices += ["succeed", "await", "await", "fail"]
        if filters:
            choices += ["getf"]
        choices += ["anyof", "allof", "renege", "state", "nest", "call", "cond3", "empty"]
        if events:
            choices += ["condev"]
        if len([x for x in subs if x != me]) >= 2:
            choices += ["anyjoin"]
        if [x for x in subs if x != me]:
            choices += ["join"]
        if chains:
            choices += ["spin", "usemany", "callmany"]
            if stores:
                choices += ["putmany", "getmany", "putmany"]
        kind = rng.choice(choices)
        t = lambda: rng.choice(times)
        if kind in ("wait", "tmo"):
            return "%s %s" % (kind, fmt(t()))
        if kind == "use":
            name, rkind = rng.choice(resources)
            prio = rng.randint(0, 2) if rkind != "plain" else 0
            preempt = rng.choice([0, 1]) if rkind == "preempt" else 0
            return "use %s %d %d %s" % (name, prio, preempt, fmt(rng.choice([0.5, 1, 2, 3])))
        if kind == "renege":
            name, _ = rng.choice(resources)
            return "renege %s %s %s" % (name, fmt(rng.choice([0, 0.5, 1, 2])), fmt(rng.choice([0.5, 1, 2])))
        if kind == "intr":
            return "intr %s" % rng.choice([x for x in everyone if x != me])
        if kind == "put":
            items[0] += 1
            return "put %s x%d" % (rng.choice(stores), items[0])
        if kind == "get":
            return "get %s" % rng.choice(stores)
        if kind == "getp":
            return "getp %s %s" % (rng.choice(stores), fmt(rng.choice([0, 0.5, 1, 2])))
        if kind in ("cput", "cget"):
            return "%s %s %d" % (kind, rng.choice(containers), rng.randint(1, 4))
        if kind == "nest":
            (a, ka), (b, kb) = rng.choice(resources), rng.choice(resources)
            return "nest %s %d %s %d %s" % (a, rng.randint(0, 2), b, rng.randint(0, 2), fmt(rng.choice([0.5, 1, 2])))
        if kind == "cond3":
            return "cond3 %s %s %s %s" % (rng.choice(["and", "or"]), fmt(t()), fmt(t()), fmt(t()))
        if kind == "empty":
            return "empty %s" % rng.choice(["any", "all"])
        if kind == "call":
            return "call %s" % fmt(rng.choice(times))
        if kind == "condev":
            return "condev %s %s %s" % (rng.choice(["any", "all"]), rng.choice(events), fmt(t()))
        if kind == "anyjoin":
            a, b = rng.sample([x for x in subs if x != me], 2)
            return "anyjoin %s %s" % (a, b)
        if kind == "getf":
            return "getf %s %d" % (rng.choice(filters), rng.randint(0, 1))
        if kind in ("spin", "callmany"):
            return "%s %d" % (kind, rng.choice(LONG))
        if kind == "usemany":
            name, rkind = rng.choice(resources)
            return "usemany %s %d %d" % (name, rng.randint(0, 2) if rkind != "plain" else 0, rng.choice(LONG))
        if kind == "putmany":
            n = rng.choice(LONG)
            items[0] += n
            return "putmany %s %d %d" % (rng.choice(stores), items[0] - n, n)
        if kind == "getmany":
            return "getmany %s %d" % (rng.choice(stores), rng.choice(LONG))
        if kind in ("succeed", "await", "fail"):
            return "%s %s" % (kind, rng.choice(events))
        if kind in ("anyof", "allof"):
            return "%s %s %s" % (kind, fmt(t()), fmt(t()))
        if kind == "state":
            name, _ = rng.choice(resources)
            return "state %s" % name
        return "join %s" % rng.choice([x for x in subs if x != me])

    for p in procs:
        ops = [op(p) for _ in range(rng.randint(4, 10) if dense else rng.randint(2, 7))]
        for s in subs:
            if spawner[s] == p:
                ops.insert(rng.randint(0, len(ops)), "spawn %s" % s)
        lines.append("proc %s %s | %s" % (p, fmt(rng.choice([0, 0, 1] if dense else [0, 0, 0.5, 1, 2])), " | ".join(ops)))
    for s in subs:
        ops = [op(s) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3 and any("join " + s in line for line in lines):
            ops.append("raise")
        lines.append("sub %s | %s" % (s, " | ".join(ops)))
    if prio:
        for i, line in enumerate(lines):
            if line.startswith("store ") and line.endswith(" fifo") and rng.random() < 0.7:
                lines[i] = line[:-len("fifo")] + "prio"
    lines.append("end")
    return "\n".join(lines)


def fmt(x):
    return "%g" % x


def parse(text):
    models = []
    current = None
    for line in text.splitlines():
        if not line.strip():
            continue
        words = line.split(" | ")[0].split()
        if words[0] == "model":
            current = {"index": int(words[1]), "res": [], "store": [], "cont": [], "event": [], "proc": [], "sub": []}
        elif words[0] == "end":
            models.append(current)
        elif words[0] in ("proc", "sub"):
            ops = [o.split() for o in line.split(" | ")[1:]]
            current[words[0]].append((words[1], float(words[2]) if words[0] == "proc" else None, ops))
        else:
            current[words[0]].append(words[1:])
    return models


def run(model):
    import simpy

    env = simpy.Environment()
    log = []

    def say(who, what):
        log.append("%s %s: %s" % (fmt(env.now), who, what))

    res = {}
    for name, kind, cap in model["res"]:
        cls = {"plain": simpy.Resource, "prio": simpy.PriorityResource, "preempt": simpy.PreemptiveResource}[kind]
        res[name] = (cls(env, capacity=int(cap)), kind)
    store_classes = {"fifo": simpy.Store, "filter": simpy.FilterStore, "prio": simpy.PriorityStore}
    stores = {name: store_classes[kind](env, capacity=int(cap) if int(cap) > 0 else float("inf"))
              for name, cap, kind in model["store"]}
    conts = {name: simpy.Container(env, capacity=int(cap), init=int(init)) for name, cap, init in model["cont"]}
    events = {name[0]: env.event() for name in model["event"]}
    handles = {}
    started = set()
    bodies = {name: ops for name, _, ops in model["sub"]}

    def cause_text(i):
        c = i.cause
        if isinstance(c, simpy.resources.resource.Preempted):
            return "preempted by %s since %s" % (names.get(c.by, "?"), fmt(c.usage_since))
        return str(c)

    names = {}

    def interrupted(me, i, what):
        say(me, "interrupted (%s) %s" % (cause_text(i), what))

    def body(me, ops):
        started.add(me)
        say(me, "starts")
        for o in ops:
            k = o[0]
            if k in ("wait", "tmo"):
                try:
                    yield env.timeout(float(o[1]))
                    say(me, "%s %s done" % (k, o[1]))
                except simpy.Interrupt as i:
                    interrupted(me, i, "in %s" % k)
            elif k == "use":
                r, kind = res[o[1]]
                req = r.request() if kind == "plain" else (
                    r.request(priority=int(o[2])) if kind == "prio" else r.request(priority=int(o[2]), preempt=o[3] == "1"))
                with req:
                    try:
                        yield req
                    except simpy.Interrupt as i:
                        interrupted(me, i, "waiting for %s" % o[1])
                        continue
                    say(me, "got %s" % o[1])
                    try:
                        yield env.timeout(float(o[4]))
                    except simpy.Interrupt as i:
                        interrupted(me, i, "holding %s" % o[1])
                say(me, "released %s" % o[1])
            elif k == "renege":
                r, kind = res[o[1]]
                with r.request() as req:
                    try:
                        got = yield req | env.timeout(float(o[2]))
                    except simpy.Interrupt as i:
                        interrupted(me, i, "waiting for %s" % o[1])
                        continue
                    if req not in got:
                        say(me, "reneged on %s" % o[1])
                        continue
                    say(me, "got %s" % o[1])
                    try:
                        yield env.timeout(float(o[3]))
                    except simpy.Interrupt as i:
                        interrupted(me, i, "holding %s" % o[1])
                say(me, "released %s" % o[1])
            elif k == "intr":
                h = handles.get(o[1])
                if h is None or o[1] not in started or not h.is_alive:
                    say(me, "%s not alive" % o[1])
                else:
                    h.interrupt("by " + me)
                    say(me, "interrupts %s" % o[1])
            elif k == "put":
                try:
                    yield stores[o[1]].put(o[2])
                    say(me, "put %s in %s" % (o[2], o[1]))
                except simpy.Interrupt as i:
                    interrupted(me, i, "putting %s" % o[2])
            elif k == "get":
                try:
                    item = yield stores[o[1]].get()
                    say(me, "got %s from %s" % (item, o[1]))
                except simpy.Interrupt as i:
                    interrupted(me, i, "getting from %s" % o[1])
            elif k == "nest":
                # hold one resource while waiting for (and holding) a second; priorities are used where the kind has them
                ra, ka = res[o[1]]
                rb, kb = res[o[3]]
                if o[1] == o[3]:
                    say(me, "skips nest on one resource")
                    continue
                with (ra.request() if ka == "plain" else ra.request(priority=int(o[2]))) as qa:
                    try:
                        yield qa
                        say(me, "got %s" % o[1])
                        with (rb.request() if kb == "plain" else rb.request(priority=int(o[4]))) as qb:
                            yield qb
                            say(me, "got %s" % o[3])
                            yield env.timeout(float(o[5]))
                        say(me, "released %s" % o[3])
                    except simpy.Interrupt as i:
                        interrupted(me, i, "in nest")
                say(me, "released %s" % o[1])
            elif k == "cond3":
                a, b, c = (env.timeout(float(x), value=x) for x in o[2:5])
                try:
                    got = yield ((a | b) & c) if o[1] == "and" else ((a & b) | c)
                    say(me, "cond3 %s: %s" % (o[1], ",".join(str(v) for v in got.todict().values())))
                except simpy.Interrupt as i:
                    interrupted(me, i, "in cond3")
            elif k == "empty":
                try:
                    got = yield env.any_of([]) if o[1] == "any" else env.all_of([])
                    say(me, "empty %s: %d" % (o[1], len(got.todict())))
                except simpy.Interrupt as i:
                    interrupted(me, i, "in empty")
            elif k == "call":
                def callee(d):
                    yield env.timeout(d)
                    return "called %s" % fmt(d)
                try:
                    v = yield env.process(callee(float(o[1])))
                    say(me, v)
                except simpy.Interrupt as i:
                    interrupted(me, i, "in call")
            elif k == "condev":
                e = events[o[2]]
                tm = env.timeout(float(o[3]), value="t")
                try:
                    got = yield (e | tm) if o[1] == "any" else (e & tm)
                    say(me, "condev %s %s: %s" % (o[1], o[2], ",".join(str(v) for v in got.todict().values())))
                except simpy.Interrupt as i:
                    interrupted(me, i, "in condev")
                except ValueError as x:
                    say(me, "caught %s" % x)
            elif k == "anyjoin":
                ha, hb = handles.get(o[1]), handles.get(o[2])
                if ha is None or hb is None:
                    say(me, "anyjoin: not both spawned")
                    continue
                try:
                    got = yield ha | hb
                    say(me, "anyjoin: %s" % ",".join(str(v) for v in got.todict().values()))
                except simpy.Interrupt as i:
                    interrupted(me, i, "in anyjoin")
                except ValueError as x:
                    say(me, "caught %s" % x)
            elif k == "getf":
                parity = int(o[2])
                try:
                    item = yield stores[o[1]].get(lambda x, parity=parity: int(x[1:]) % 2 == parity)
                    say(me, "got %s from %s" % (item, o[1]))
                except simpy.Interrupt as i:
                    interrupted(me, i, "getting from %s" % o[1])
            elif k == "getp":
                with stores[o[1]].get() as g:
                    try:
                        got = yield g | env.timeout(float(o[2]))
                    except simpy.Interrupt as i:
                        interrupted(me, i, "getting from %s" % o[1])
                        continue
                    if g in got:
                        say(me, "got %s from %s" % (got[g], o[1]))
                    else:
                        say(me, "gave up on %s" % o[1])
            elif k in ("cput", "cget"):
                c = conts[o[1]]
                try:
                    yield (c.put if k == "cput" else c.get)(int(o[2]))
                    say(me, "%s %s %s, level %s" % (k, o[1], o[2], fmt(c.level)))
                except simpy.Interrupt as i:
                    interrupted(me, i, "in %s %s" % (k, o[1]))
            elif k == "spin":
                # an event already processed, waited for again and again: SimPy goes on in place every time
                t0 = env.timeout(0)
                try:
                    yield t0
                except simpy.Interrupt as i:
                    interrupted(me, i, "before spin")
                    continue
                for _ in range(int(o[1])):
                    yield t0
                say(me, "spun %s" % o[1])
            elif k == "callmany":
                def at_once(j):
                    return j
                    yield
                total = 0
                for j in range(int(o[1])):
                    total += yield from at_once(j)
                say(me, "called %s, sum %d" % (o[1], total))
            elif k == "usemany":
                r, kind = res[o[1]]
                used = 0
                for _ in range(int(o[3])):
                    with (r.request() if kind == "plain" else r.request(priority=int(o[2]))) as req:
                        try:
                            yield req
                        except simpy.Interrupt as i:
                            interrupted(me, i, "waiting for %s" % o[1])
                            break
                    used += 1
                say(me, "used %s %d times" % (o[1], used))
            elif k == "putmany":
                done = 0
                for j in range(int(o[3])):
                    try:
                        yield stores[o[1]].put("x%d" % (int(o[2]) + j + 1))
                    except simpy.Interrupt as i:
                        interrupted(me, i, "putting many in %s" % o[1])
                        break
                    done += 1
                say(me, "put %d in %s" % (done, o[1]))
            elif k == "getmany":
                got, last = 0, None
                for _ in range(int(o[2])):
                    try:
                        last = yield stores[o[1]].get()
                    except simpy.Interrupt as i:
                        interrupted(me, i, "getting many from %s" % o[1])
                        break
                    got += 1
                say(me, "got %d from %s, last %s" % (got, o[1], last))
            elif k == "succeed":
                e = events[o[1]]
                if e.triggered:
                    say(me, "%s already triggered" % o[1])
                else:
                    e.succeed(me)
                    say(me, "succeeds %s" % o[1])
            elif k == "fail":
                e = events[o[1]]
                if e.triggered:
                    say(me, "%s already triggered" % o[1])
                else:
                    e.fail(ValueError("%s failed by %s" % (o[1], me)))
                    say(me, "fails %s" % o[1])
            elif k == "await":
                try:
                    v = yield events[o[1]]
                    say(me, "%s gave %s" % (o[1], v))
                except simpy.Interrupt as i:
                    interrupted(me, i, "awaiting %s" % o[1])
                except ValueError as x:
                    say(me, "caught %s" % x)
            elif k == "raise":
                say(me, "raises")
                raise ValueError("%s raised" % me)
            elif k in ("anyof", "allof"):
                a, b = env.timeout(float(o[1])), env.timeout(float(o[2]))
                try:
                    got = yield (a | b) if k == "anyof" else (a & b)
                    say(me, "%s %s %s: %d" % (k, o[1], o[2], len(got.todict())))
                except simpy.Interrupt as i:
                    interrupted(me, i, "in %s" % k)
            elif k == "state":
                r, _ = res[o[1]]
                say(me, "%s count %d queue %d" % (o[1], r.count, len(r.queue)))
            elif k == "spawn":
                handles[o[1]] = env.process(body(o[1], bodies[o[1]]))
                names[handles[o[1]]] = o[1]
                say(me, "spawns %s" % o[1])
            elif k == "join":
                h = handles.get(o[1])
                if h is None:
                    say(me, "%s not spawned" % o[1])
                    continue
                try:
                    v = yield h
                    say(me, "joined %s: %s" % (o[1], v))
                except simpy.Interrupt as i:
                    interrupted(me, i, "joining %s" % o[1])
                except ValueError as x:
                    say(me, "caught %s" % x)
            else:
                raise ValueError(k)
        say(me, "ends")
        return me + " result"

    def starter(name, at, ops):
        yield env.timeout(at)
        handles[name] = env.process(body(name, ops))
        names[handles[name]] = name

    for name, at, ops in model["proc"]:
        if at == 0:
            handles[name] = env.process(body(name, ops))
            names[handles[name]] = name
        else:
            env.process(starter(name, at, ops))
    try:
        env.run(until=100)
    except Exception as e:  # a process failed and nobody waited for it: the run stops, as it does in SimPy
        log.append("run failed: %s" % e)
    log.append("end at %s" % fmt(env.now))
    return log


def main():
    if sys.argv[1] == "generate":
        count, seed = int(sys.argv[2]), int(sys.argv[3])
        kind = sys.argv[4] if len(sys.argv) > 4 else "normal"
        if kind not in ("normal", "dense", "chains", "densechains", "prio", "denseprio"):
            raise SystemExit("kind: normal, dense, chains, densechains, prio or denseprio")
        dense = kind in ("dense", "densechains", "denseprio")
        chains = kind in ("chains", "densechains")
        prio = kind in ("prio", "denseprio")
        first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
        rng = random.Random(seed)
        print("\n".join(generate(rng, first + i, dense, chains, prio) for i in range(count)))
    else:
        for m in parse(open(sys.argv[2]).read()):
            print("== model %d" % m["index"])
            print("\n".join(run(m)))


if __name__ == "__main__":
    main()
