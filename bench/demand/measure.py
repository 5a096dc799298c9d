"""Run a command and report wall time, CPU seconds and peak memory of its whole process tree.

``/usr/bin/time -v`` reports the peak RSS of one process only; a Dask LocalCluster runs the
driver plus worker processes, so this samples the summed RSS of the command and all its
descendants every 0.5 s (shared pages are counted once per process, so the figure is an upper
bound). CPU seconds come from ``getrusage(RUSAGE_CHILDREN)`` (every waited-for descendant).

    python bench/demand/measure.py --out result.json -- python manage.py ingest_postings ...
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time

import psutil


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="also write the figures to this JSON file")
    parser.add_argument("--stdout", help="write the command's stdout here")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    load_before = os.getloadavg()
    started = time.monotonic()
    out = open(args.stdout, "w") if args.stdout else None  # noqa: SIM115
    child = subprocess.Popen(command, stdout=out)
    watched = psutil.Process(child.pid)
    peak = {"rss": 0}
    loads: list[float] = []

    def sample() -> None:
        while child.poll() is None:
            peak["rss"] = max(peak["rss"], _tree_rss(watched))
            loads.append(os.getloadavg()[0])
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = child.wait()
    wall = time.monotonic() - started
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "command": " ".join(command),
        "exit": status,
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_tree_rss_mib": round(peak["rss"] / 2**20),
        "peak_single_process_rss_mib": round(usage.ru_maxrss / 1024),
        "load_before": [round(x, 2) for x in load_before],
        "load_during_mean": round(sum(loads) / max(len(loads), 1), 2),
        "load_during_max": round(max(loads, default=0.0), 2),
    }
    text = json.dumps(figures)
    print(text, file=sys.stderr)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")
    sys.exit(status)


if __name__ == "__main__":
    main()
