"""Records the logs and random tapes of SimPy's textbook examples (Engine.Tests/Simulation/Expected and Tapes).

The engine's ports of SimPy's documentation examples (Engine.Tests/Simulation/Ports) replay, in order, every random
number the original example drew from Python's `random`, so the two runs differ only in what the engines do. This script
runs an example from a SimPy checkout with the module-level functions of `random` that the examples call wrapped so
that each also writes the value it returns (for `choice`, the index of the chosen item) to the tape, one per line, and
captures what the example prints. SimPy and its examples are not part of this repository: point the script at a
checkout of SimPy 4.1.

    PYTHONPATH=/path/to/simpy/src python3 tools/simpy-logs/textbook_tapes.py /path/to/simpy check
    PYTHONPATH=/path/to/simpy/src python3 tools/simpy-logs/textbook_tapes.py /path/to/simpy record   # rewrites them

`check` compares each recorded log and tape with the committed files; `record` writes them.
"""

import contextlib
import io
import os
import random
import runpy
import sys

EXAMPLES = ["bank_renege", "carwash", "gas_station_refuel", "machine_shop", "movie_renege", "process_communication"]
WRAPPED = ["random", "uniform", "randint", "expovariate", "normalvariate", "gauss", "triangular", "randrange"]
HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "..", "..", "Engine.Tests", "Simulation")


def run_example(simpy_root, name):
    """Runs docs/examples/code/<name>.py; returns (printed lines, tape lines)."""
    tape = []
    originals = {f: getattr(random, f) for f in WRAPPED + ["choice"]}

    def recording(original):
        def call(*args, **kwargs):
            value = original(*args, **kwargs)
            tape.append(repr(value))
            return value
        return call

    def choice(items):
        # The same draw random.choice makes, so the example's later numbers are unchanged.
        index = random._inst._randbelow(len(items))
        tape.append(str(index))
        return items[index]

    for f in WRAPPED:
        setattr(random, f, recording(originals[f]))
    random.choice = choice
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            runpy.run_path(os.path.join(simpy_root, "docs", "examples", "code", name + ".py"), run_name="__main__")
    finally:
        for f, original in originals.items():
            setattr(random, f, original)
    return printed.getvalue().splitlines(), tape


def main(args):
    if len(args) != 2 or args[1] not in ("check", "record"):
        print(__doc__)
        return 2
    simpy_root, mode = args
    failed = 0
    for name in EXAMPLES:
        log, tape = run_example(simpy_root, name)
        files = [(os.path.join(TESTS, "Expected", name + ".out"), log), (os.path.join(TESTS, "Tapes", name + ".tape"), tape)]
        for path, lines in files:
            if mode == "record":
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write("\n".join(lines) + "\n")
                continue
            with open(path, encoding="utf-8") as f:
                want = f.read().splitlines()
            if lines == want:
                print("%s: same (%d lines)" % (os.path.basename(path), len(lines)))
                continue
            failed += 1
            n = min(len(lines), len(want))
            first = next((i for i in range(n) if lines[i] != want[i]), n)
            print("%s: differs at line %d" % (os.path.basename(path), first + 1))
            print("  recorded:  %s" % (lines[first] if first < len(lines) else "<end>"))
            print("  committed: %s" % (want[first] if first < len(want) else "<end>"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
