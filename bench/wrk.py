"""Load from `wrk` (Debian's package), a process of its own, and the verdicts
the benches print: every bench compares the app with a bare floor served by
the same gunicorn settings, in alternating rounds, so a noisy neighbour slows
both alike.

`run` counts every answer by status and reads wrk's latency percentiles
through a small Lua script; a bench adds its own Lua (a `request` function)
to vary what is sent.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench import databases

CONNECTIONS = 8

# An answer slower than this counts as a socket error and fails the run.
TIMEOUT_SECONDS = 30
REQUESTS_PER_SECOND = re.compile(r"Requests/sec:\s+([\d.]+)")
STATUS_LINE = re.compile(r"^status (\d+) (\d+)$", re.MULTILINE)
SENT_LINE = re.compile(r"^sent (.+) (\d+)$", re.MULTILINE)
LATENCY_LINE = re.compile(r"^latency p(\d+) (\d+)$", re.MULTILINE)
PERCENTILES = (50, 95, 99)

# Each wrk thread counts its own answers (and, in `sent`, whatever a script's
# request() chooses to count); done() adds them up and prints them with the
# latency percentiles (microseconds) in lines the parser below reads. Every
# thread gets `thread_number` (1, 2...) for a script to make unique requests.
COUNTING = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
local function report(name, format)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get(name)) do
      total[key] = (total[key] or 0) + count
    end
  end
  for key, count in pairs(total) do
    io.write(string.format(format, key, count))
  end
end
function done(summary, latency, requests)
  report("statuses", "status %d %d\\n")
  report("sent", "sent %s %d\\n")
  for _, p in ipairs({PERCENTILES}) do
    io.write(string.format("latency p%d %d\\n", p, latency:percentile(p)))
  end
end
""".replace("PERCENTILES", ", ".join(str(p) for p in PERCENTILES))
# Globals of a thread's Lua state, set before init() runs.
PRELUDE = "statuses = {}\nsent = {}\n"


class SocketErrors(Exception):
    """wrk saw connections fail (refused, reset, or an answer past
    TIMEOUT_SECONDS): a run that fails, with wrk's output."""


@dataclass(frozen=True)
class Result:
    """One wrk run: answers per second, answers by status, latency in ms, and
    the requests a script counted as sent, by its labels."""

    rate: float
    statuses: Counter[int]
    latency_ms: Mapping[int, float]
    sent: Counter[str] = field(default_factory=Counter)

    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


def require() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")


def run(url: str, seconds: float, *, connections: int = CONNECTIONS,
        headers: Mapping[str, str] | None = None, script: str = "") -> Result:
    """Load `url` for `seconds` from one wrk thread over `connections`
    keep-alive connections; `script` is Lua added before the counting."""
    with tempfile.TemporaryDirectory() as folder:
        lua = Path(folder) / "bench.lua"
        lua.write_text(PRELUDE + script + COUNTING)
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(lua),
                   f"--timeout={TIMEOUT_SECONDS}s"]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run([*command, url], capture_output=True, text=True,
                                check=True).stdout
    if "Socket errors" in output:
        raise SocketErrors(output)
    found = REQUESTS_PER_SECOND.search(output)
    assert found, output
    statuses = Counter({int(status): int(count)
                        for status, count in STATUS_LINE.findall(output)})
    latency = {int(p): int(micros) / 1000 for p, micros in LATENCY_LINE.findall(output)}
    sent = Counter({label: int(count) for label, count in SENT_LINE.findall(output)})
    return Result(float(found.group(1)), statuses, latency, sent)


def alternate(loads: Mapping[str, Callable[[], Result]], rounds: int) -> dict[str, list[Result]]:
    """Each load once (a warm-up, not counted), then `rounds` rounds taking
    turns in the given order."""
    for load in loads.values():
        load()
    results: dict[str, list[Result]] = {name: [] for name in loads}
    for _ in range(rounds):
        for name, load in loads.items():
            results[name].append(load())
    return results


def spread(values: list[float], digits: int = 0) -> str:
    return (f"{statistics.median(values):.{digits}f} "
            f"(min {min(values):.{digits}f}, max {max(values):.{digits}f})")


def verdict(label: str, ratios: list[float], goal: float, *, at_most: bool = True,
            every_round: bool = False) -> bool:
    """Print the ratios' median and range and MET or MISSED: the median (or,
    with `every_round`, each round) must be at most (or at least) `goal`."""
    judged = ratios if every_round else [statistics.median(ratios)]
    met = all(ratio <= goal if at_most else ratio >= goal for ratio in judged)
    rule = f"{'<=' if at_most else '>='} {goal}" + (" in every round" if every_round else "")
    print(f"  {label}: median {spread(ratios, 2)}; goal {rule}: {'MET' if met else 'MISSED'}")
    print("    by round: " + " ".join(f"{ratio:.2f}" for ratio in ratios))
    return met


def main(doc: str, measure: Callable[[str, int, int, int], bool]) -> None:
    """The command line of a bench of servers under wrk: `measure(backend,
    sessions, rounds, seconds)` on each database reachable."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    options = parser.parse_args()
    require()
    for backend in databases.backends():
        measure(backend, options.sessions, options.rounds, options.seconds)
