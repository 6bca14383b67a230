"""Run every benchmark on SQLite and on PostgreSQL and write BENCHMARKS.md.

`make bench` runs this. Each benchmark runs as its own process with
`--database sqlite|postgres`, and its standard output (Markdown, or plain text
that is put in a code block) goes into BENCHMARKS.md under the machine's
description and the date. Only the part between the two RESULTS markers is
replaced, so the notes around it stay. A benchmark that fails or runs past its
time limit is recorded as failed, and this command then exits 1 after writing.
"""

import datetime
import os
import platform
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "BENCHMARKS.md"
TIME_LIMIT_SECONDS = 900
# Printed as it is when a benchmark's output is already Markdown.
MARKDOWN_START = "### "
RESULTS_START = "<!-- results: written by make bench -->"
RESULTS_END = "<!-- end of results -->"


@dataclass(frozen=True)
class Benchmark:
    module: str
    title: str
    extra_args: tuple[str, ...] = ()


BENCHMARKS = [
    Benchmark("bench.deals_list", "Deals list over HTTP"),
    Benchmark("bench.permission_checks", "Permission checks"),
    Benchmark("bench.expiry_sweep", "Inactivity expiry sweep"),
    Benchmark("bench.notification_latency", "Notification latency"),
    Benchmark("bench.bulk_change", "Bulk owner change", ("--deals", "100000")),
]


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{model}, nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


def available(benchmark: Benchmark) -> bool:
    path = ROOT / (benchmark.module.replace(".", "/") + ".py")
    return path.exists()


def run_one(benchmark: Benchmark, database: str) -> tuple[bool, str]:
    """Run one benchmark; return whether it passed and its output for the page."""
    command = [
        sys.executable,
        "-m",
        benchmark.module,
        "--database",
        database,
        *benchmark.extra_args,
    ]
    print(f"running {' '.join(command[1:])}", file=sys.stderr, flush=True)
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            timeout=TIME_LIMIT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return False, f"Stopped after the limit of {TIME_LIMIT_SECONDS} seconds."
    output = done.stdout.strip()
    if done.returncode != 0:
        return False, f"Failed with exit code {done.returncode}.\n\n```\n{output}\n```"
    if output.startswith(MARKDOWN_START):
        return True, output
    return True, f"### {benchmark.title} ({database})\n\n```\n{output}\n```"


def write_results(results: str) -> None:
    """Replace the results between the markers of OUTPUT, or append them."""
    text = OUTPUT.read_text() if OUTPUT.exists() else "# Benchmarks\n"
    block = f"{RESULTS_START}\n\n{results}\n\n{RESULTS_END}"
    head, found, rest = text.partition(RESULTS_START)
    if found:
        tail = rest.partition(RESULTS_END)[2]
        OUTPUT.write_text(f"{head}{block}{tail}")
    else:
        OUTPUT.write_text(f"{text.rstrip()}\n\n{block}\n")


def main() -> int:
    started = datetime.datetime.now(datetime.UTC)
    sections = []
    failed = []
    for benchmark in BENCHMARKS:
        if not available(benchmark):
            print(f"skipping {benchmark.module}: not written", file=sys.stderr)
            continue
        for database in ("sqlite", "postgres"):
            passed, text = run_one(benchmark, database)
            sections.append(text)
            if not passed:
                failed.append(f"{benchmark.module} on {database}")
    header = f"Machine: {machine()}. Date: {started:%Y-%m-%d %H:%M} UTC."
    write_results("\n\n".join([header, *sections]))
    print(f"wrote {OUTPUT}", file=sys.stderr)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
