"""Headroom's engine against the LINE queueing solver on one open network.

Generates an open network of M/M/c stations (a layered random DAG: every
station is called by two earlier ones, forwards 99% of what it serves
split evenly over its callees, and the rest leaves; a station left
with under one request a second gets one from outside), writes it as a
Headroom document, solves it with `headroom solve` and with LINE's MVA
(`line-solver` from PyPI), checks that utilisation, response time and
mean number in the station agree at every station, and prints both
times and their ratio. Run through scripts/compare-line.sh.

    python scripts/compare_line.py HEADROOM_BINARY N [N ...]
"""

import json
import random
import subprocess
import sys
import tempfile
import time

ENTRIES = 10
TOLERANCE = 1e-6  # relative; both solve M/M/c exactly


def network(n, seed=16):
    """Stations (servers, service rate), arcs (from, to, probability) and
    entries (station, rate), with every utilisation between 0.3 and 0.9."""
    rng = random.Random(seed)
    callees = [[] for _ in range(n)]
    for j in range(ENTRIES, n):
        for i in rng.sample(range(max(0, j - 50), j), min(2, j)):
            callees[i].append(j)
    arcs = [(i, j, 0.99 / len(out)) for i, out in enumerate(callees) for j in out]
    entries = [(i, 20.0 + 10.0 * i) for i in range(ENTRIES)]
    arrival = [0.0] * n
    for i, rate in entries:
        arrival[i] += rate
    incoming = [[] for _ in range(n)]
    for i, j, p in arcs:
        incoming[j].append((i, p))
    for j in range(ENTRIES, n):  # arcs run from lower to higher stations
        arrival[j] = sum(arrival[i] * p for i, p in incoming[j])
        if arrival[j] < 1.0:  # a station the random split starves gets outside traffic
            entries.append((j, 1.0))
            arrival[j] += 1.0
    stations = []
    for i in range(n):
        servers = rng.randint(1, 8)
        rho = rng.uniform(0.3, 0.9)
        stations.append((servers, arrival[i] / (servers * rho)))
    return stations, arcs, entries


def headroom_document(stations, arcs, entries):
    return {
        "schema_version": 2,
        "name": f"open network of {len(stations)} M/M/c stations",
        "components": [
            {"id": f"s{i}", "name": f"s{i}", "kind": "service", "instances": c, "throughput_per_instance": mu}
            for i, (c, mu) in enumerate(stations)
        ],
        "dependencies": [
            {"id": f"a{k}", "from": f"s{i}", "to": f"s{j}", "calls": p} for k, (i, j, p) in enumerate(arcs)
        ],
        "scenario": {
            "name": "as generated",
            "growth": 1.0,
            "entries": [{"component": f"s{i}", "rate": rate} for i, rate in entries],
        },
    }


def solve_headroom(binary, document):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(document, f)
    started = time.perf_counter()
    out = subprocess.run([binary, "solve", f.name], check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - started
    answer = json.loads(out)
    figures = {
        c["id"]: (c["utilisation"], c["queueing"]["response_time"], c["queueing"]["mean_in_system"])
        for c in answer["report"]["components"]
    }
    return figures, answer["elapsed_ms"] / 1000.0, wall


def solve_line(stations, arcs, entries):
    import line_solver as ls

    started = time.perf_counter()
    model = ls.Network("open")
    source, sink = ls.Source(model, "source"), ls.Sink(model, "sink")
    queues = []
    for i, (c, _) in enumerate(stations):
        q = ls.Queue(model, f"s{i}", ls.SchedStrategy.FCFS)
        q.setNumberOfServers(c)
        queues.append(q)
    job = ls.OpenClass(model, "requests")
    total = sum(rate for _, rate in entries)
    source.setArrival(job, ls.Exp(total))
    for q, (_, mu) in zip(queues, stations):
        q.setService(job, ls.Exp(mu))
    routing = model.initRoutingMatrix()
    for i, rate in entries:
        routing.set(job, job, source, queues[i], rate / total)
    leaving = [1.0] * len(stations)
    for i, j, p in arcs:
        routing.set(job, job, queues[i], queues[j], p)
        leaving[i] -= p
    for i, p in enumerate(leaving):
        if p > 1e-12:
            routing.set(job, job, queues[i], sink, p)
    model.link(routing)
    built = time.perf_counter()
    table = ls.SolverMVA(model, verbose=False).getAvgTable()
    solved = time.perf_counter()
    figures = {}
    for _, row in table.iterrows():
        if str(row["Station"])[1:].isdigit():
            figures[str(row["Station"])] = (float(row["Util"]), float(row["RespT"]), float(row["QLen"]))
    return figures, solved - built, built - started


def worst_difference(ours, theirs):
    worst, where = 0.0, None
    for station, a in ours.items():
        b = theirs[station]
        for name, x, y in zip(("utilisation", "response time", "number in station"), a, b):
            d = abs(x - y) / max(abs(y), 1e-12)
            if d > worst:
                worst, where = d, f"{station} {name}: Headroom {x:.9g}, LINE {y:.9g}"
    return worst, where


def main():
    binary, sizes = sys.argv[1], [int(n) for n in sys.argv[2:]] or [1000, 5000]
    rows, failed = [], False
    for n in sizes:
        stations, arcs, entries = network(n)
        ours, ours_solve, ours_wall = solve_headroom(binary, headroom_document(stations, arcs, entries))
        theirs, line_solve, line_build = solve_line(stations, arcs, entries)
        missing = set(ours) ^ set(theirs)
        worst, where = worst_difference(ours, theirs) if not missing else (float("inf"), f"stations differ: {sorted(missing)[:5]}")
        agree = worst <= TOLERANCE
        failed |= not agree
        rows.append((n, len(arcs), ours_solve, ours_wall, line_solve, line_build, worst, agree, where))
    print("| stations | arcs | Headroom solve | Headroom process | LINE MVA solve | LINE model build | LINE / Headroom (solve) | largest relative difference |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for n, m, hs, hw, lsolve, lbuild, worst, agree, where in rows:
        verdict = "agree" if agree else "DISAGREE"
        print(f"| {n} | {m} | {hs * 1000:.2f} ms | {hw * 1000:.0f} ms | {lsolve * 1000:.0f} ms | {lbuild * 1000:.0f} ms | {lsolve / hs:.0f}x | {worst:.1e} ({verdict}; {where}) |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
