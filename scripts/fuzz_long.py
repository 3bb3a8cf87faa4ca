"""A longer fuzz run than the test suite's: mutate register files at random for N seconds.

    python scripts/fuzz_long.py [SECONDS] [SEED]

Each batch runs in a child process, so that a crash of the interpreter (not only an exception) is
caught and its input kept in fuzz-failures/. Every finding must be located; any exception is a bug.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
FAILURES = PROJECT / "fuzz-failures"
ODD = [
    "\x00",
    "\ufeff",
    "\u202e",
    "𝔸",
    "住",
    "\r",
    "\t",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!",
    "[",
    "{",
    "'",
    '"',
    "#",
    "9" * 40,
    "-1e999",
    ".nan",
    "<<: *a",
    "? ",
    "|",
    ">",
    "[" * 100,
    "- " * 100,
]

CHILD = """
import sys
from ismskit.yaml.reader import load_document
from ismskit.repository.loader import load_isms
raw = sys.stdin.buffer.read()
document, findings = load_document("registers/fuzz.yaml", raw)
for finding in findings:
    assert finding.line >= 1 and finding.column >= 1 and finding.message, finding
"""


def mutate(seed: bytes, rng: random.Random) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.randint(1, 8)):
        position = rng.randint(0, len(data))
        action = rng.choice(["insert", "delete", "flip", "truncate", "repeat"])
        if action == "insert":
            data[position:position] = rng.choice(ODD).encode()
        elif action == "delete":
            del data[position : position + rng.randint(1, 80)]
        elif action == "flip" and position < len(data):
            data[position] = rng.randint(0, 255)
        elif action == "repeat":
            data[position:position] = data[position : position + 200] * rng.randint(2, 50)
        else:
            del data[position:]
    return bytes(data)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    seeds = [path.read_bytes() for path in sorted((PROJECT / "registers").rglob("*.yaml"))]
    deadline, runs, failures = time.monotonic() + seconds, 0, 0
    while time.monotonic() < deadline:
        raw = mutate(rng.choice(seeds), rng)
        child = subprocess.run(
            [sys.executable, "-c", CHILD], input=raw, capture_output=True, timeout=60, check=False
        )
        runs += 1
        if child.returncode != 0:
            failures += 1
            FAILURES.mkdir(exist_ok=True)
            (FAILURES / f"case-{runs}.yaml").write_bytes(raw)
            print(f"case {runs}: exit {child.returncode}: {child.stderr.decode()[-300:]}")
    print(f"{runs} inputs, {failures} failures" + (f" (kept in {FAILURES})" if failures else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
