"""A plain rich Live countdown: the reference the live session is measured beside.

    python bench/countdown.py SECONDS [--steps N] [--speed S]

It does the least a live coaching screen must do, the way the budgets ask: wait on deadlines
from the monotonic clock, redraw only when the shown second changes or a key arrives (no
auto-refresh), pause and resume on the space bar, and restore the terminal on SIGTERM. It
splits SECONDS into N equal steps and, when MASSAGE_COACH_TRACE names a file, writes the same
trace as the session runner (see bench/run.py). The benchmark runs it in a pseudo-terminal
for a CPU floor and a timing floor, and so that its pty and trace code runs in CI whatever
state the session is in.
"""

from __future__ import annotations

import argparse
import math
import os
import select
import signal
import sys
import termios
import time
import tty
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.text import Text


def clock(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


class Tracer:
    def __init__(self, path: str | None) -> None:
        self.file: TextIO | None = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115

    def __call__(self, *fields: object) -> None:
        if self.file is not None:
            self.file.write(" ".join(str(f) for f in fields) + "\n")
            self.file.flush()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("seconds", type=int)
    parser.add_argument("--steps", type=int, default=1)
    parser.add_argument("--speed", type=float, default=1.0)
    args = parser.parse_args()
    total, speed = args.seconds, args.speed
    starts = [round(i * total / args.steps) for i in range(args.steps)]
    trace = Tracer(os.environ.get("MASSAGE_COACH_TRACE"))
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    tty.setcbreak(fd)
    try:
        with Live(console=Console(), auto_refresh=False, transient=False) as live:
            start = time.monotonic()
            trace("start", speed, repr(start))
            paused_total, paused_at, step, shown = 0.0, None, 0, -1
            while True:
                now = time.monotonic()
                timeout: float | None = None
                if paused_at is None:
                    done = (now - start - paused_total) * speed  # plan seconds
                    while step + 1 < len(starts) and done >= starts[step + 1]:
                        step += 1
                        trace("step", step, starts[step], repr(now))
                    if done >= total:
                        trace("end", total, repr(now))
                        return 0
                    left = math.ceil(total - done)
                    if left != shown:
                        shown = left
                        live.update(Text(f"step {step + 1}  {clock(left)}"), refresh=True)
                    next_step = starts[step + 1] if step + 1 < len(starts) else total
                    next_second = total - (left - 1)
                    timeout = (min(next_step, next_second) - done) / speed
                ready, _, _ = select.select([fd], [], [], timeout)
                if ready and os.read(fd, 1) == b" ":
                    if paused_at is None:
                        paused_at = time.monotonic()
                        trace("pause", repr(paused_at))
                        live.update(Text(f"step {step + 1}  {clock(shown)}  paused"), refresh=True)
                    else:
                        resumed = time.monotonic()
                        trace("resume", repr(resumed))
                        paused_total += resumed - paused_at
                        paused_at, shown = None, -1
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


if __name__ == "__main__":
    sys.exit(main())
