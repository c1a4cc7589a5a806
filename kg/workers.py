"""Run one function over many inputs in worker processes, each call within a time limit.

concurrent.futures cannot stop one call: a worker stuck in a library's C code, or killed by
the system (out of memory, a crash in a parser), breaks the whole pool and every result with
it. Here each worker takes one input at a time over its own pipe; a worker that overruns its
time or dies is replaced, and only its input fails (``lost`` says what to give for it).

``time_limit`` is the gentle part: in the process doing the work it interrupts Python code
(and regular expressions) when the time is up, so the worker lives on and the caller gets a
clean message; the parent's kill is for code that does not come back to Python.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from contextlib import contextmanager
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

KILL_GRACE = 10.0  # seconds past the time limit before a worker that did not answer is killed
# Set once a time limit has interrupted this process: whatever it was doing (a table half
# loaded) may be left half done, so a worker retires after answering.
interrupted = False


class TimeLimit(BaseException):
    """The time for one input is up. A BaseException, as KeyboardInterrupt is, so that the
    broad ``except Exception`` around a library call does not swallow it."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise TimeLimit in this thread after ``seconds``. Only on the main thread, where signals
    arrive; elsewhere, with no limit, or under an outer alarm that comes sooner (pytest-timeout
    uses one), a no-op. An outer alarm is set going again afterwards."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_left, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_left and outer_left <= seconds:
        yield
        return

    def expire(signum, frame):
        global interrupted
        interrupted = True
        raise TimeLimit(f"took longer than {seconds:g} s")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), outer_interval)


def _serve(conn, fn: Callable) -> None:
    """A worker: call ``fn`` on each input received until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops its workers itself
    gc.enable()  # forked from a build that paused the collector: each task pauses it for itself
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, args = msg
        try:
            out = ("ok", fn(*args))
        except BaseException as e:  # noqa: BLE001 — handed to the parent, which decides
            out = ("error", f"{e.__class__.__name__}: {e}")
        try:
            conn.send((index, out, interrupted))
        except Exception as e:  # noqa: BLE001 — an answer that cannot be pickled
            conn.send((index, ("error", f"{e.__class__.__name__}: {e}"), interrupted))
        if interrupted:
            return


class _Worker:
    def __init__(self, ctx, fn: Callable):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, fn), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, tuple] | None = None
        self.started = 0.0

    def give(self, index: int, args: tuple) -> None:
        self.conn.send((index, args))
        self.task, self.started = (index, args), time.monotonic()

    def stop(self, kill: bool = False) -> None:
        if kill or self.task is not None:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _death(process) -> str:
    process.join(5)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"the process reading it was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"the process reading it was killed by signal {-code}"
    return f"the process reading it ended unexpectedly (exit code {code})"


def imap_unordered(fn: Callable, inputs: Iterable[tuple], jobs: int, seconds: float | None,
                   lost: Callable[[tuple, str], Any], grace: float = KILL_GRACE) -> Iterator[tuple[int, Any]]:
    """(index, fn(*args)) for each args in ``inputs``, in the order they finish. An input whose
    worker died, overran ``seconds`` + ``grace`` or raised gives (index, lost(args, why))."""
    ctx = multiprocessing.get_context()
    pending = deque(enumerate(inputs))
    workers: list[_Worker] = []
    limit = seconds + grace if seconds else None
    try:
        while pending or any(w.task for w in workers):
            idle = [w for w in workers if w.task is None]
            while pending and len(workers) < jobs:
                workers.append(_Worker(ctx, fn))
                idle.append(workers[-1])
            for w in idle:
                if not pending:
                    break
                item = pending.popleft()
                try:
                    w.give(*item)
                except OSError:  # it died while idle: another takes the input
                    pending.appendleft(item)
                    w.stop(kill=True)
                    workers.remove(w)
            busy = [w for w in workers if w.task is not None]
            if not busy:
                continue
            timeout = None
            if limit:
                timeout = max(0.0, min(w.started + limit for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout)
            for w in busy:
                if w.conn in ready:
                    try:
                        index, (status, value), retired = w.conn.recv()
                    except (EOFError, OSError):
                        (index, args), why = w.task, _death(w.process)
                        w.stop(kill=True)
                        workers.remove(w)  # a fresh one starts for the next input
                        yield index, lost(args, why)
                        continue
                    args, w.task = w.task[1], None
                    if retired:
                        w.stop()
                        workers.remove(w)
                    yield index, (value if status == "ok" else lost(args, value))
                elif limit and time.monotonic() - w.started > limit:
                    (index, args), why = w.task, f"took longer than {seconds:g} s (kg build --max-seconds sets the limit)"
                    w.stop(kill=True)
                    workers.remove(w)
                    yield index, lost(args, why)
    finally:
        for w in workers:
            w.stop()


class Forked:
    """``fn(*args)`` in a forked child process while this one goes on (the child sees this
    process's memory as it was, copy on write: nothing to pickle on the way in), its result
    pickled back. ``result()`` waits for it and raises ``ForkFailed`` if the child could not
    start or did not give one; the caller then does the work itself."""

    def __init__(self, fn: Callable, *args, talk: bool = False) -> None:
        """With ``talk``, the child's end of a two-way pipe comes first in ``fn``'s arguments,
        for what ``send`` hands it while it runs."""
        self.process = self.conn = None
        try:
            ctx = multiprocessing.get_context("fork")
            self.conn, child = ctx.Pipe(duplex=talk)
            self.process = ctx.Process(target=_forked, args=(child, fn, (child, *args) if talk else args),
                                       daemon=True)
            self.process.start()
            child.close()
        except (OSError, ValueError) as e:
            self.error = f"{e.__class__.__name__}: {e}"
            self.process = None

    def send(self, obj: Any) -> None:
        """Hand the running child ``obj`` (made with ``talk``); a child gone is found by ``result``."""
        try:
            self.conn.send(obj)
        except OSError:
            pass

    def result(self) -> Any:
        if self.process is None:
            raise ForkFailed(self.error)
        try:
            status, value = self.conn.recv()
        except (OSError, EOFError) as e:
            status, value = "error", _death(self.process) if isinstance(e, EOFError) else str(e)
        finally:
            self.conn.close()
            self.process.join(10)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        if status != "ok":
            raise ForkFailed(value)
        return value


class ForkFailed(Exception):
    """A forked child gave no result (kg.workers.Forked)."""


def _forked(conn, fn: Callable, args: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it
    try:
        out = ("ok", fn(*args))
    except BaseException as e:  # noqa: BLE001 — handed to the parent, which does the work itself
        out = ("error", f"{e.__class__.__name__}: {e}")
    conn.send(out)


class IdleCores:
    """How much of the machine sat idle between two readings of /proc/stat (Linux), in cores:
    a second process helps only if a core is free for it. Time in niced processes counts as
    idle for a process that is not niced itself (the scheduler gives it most of that core)."""

    def __init__(self) -> None:
        self.last = _cpu_times()
        self.mine = _own_time()

    def since(self, own_threads: bool = False) -> float | None:
        """Idle cores on average since the last reading (None: not known here). With
        ``own_threads``, what this process used beyond one core counts as idle too: its
        threads, done by now, leave those cores to a process it starts next."""
        now, last = _cpu_times(), self.last
        mine, mine_before = _own_time(), self.mine
        self.last, self.mine = now, mine
        if now is None or last is None:
            return None
        spent = [a - b for a, b in zip(now, last)]
        total = sum(spent)
        if total <= 0:
            return None
        cores = os.cpu_count() or 1
        # fields: user nice system idle iowait irq softirq steal
        free = spent[3] + spent[4] + (spent[1] if _niceness() == 0 else 0)
        idle = free / total * cores
        if own_threads:
            # the process's CPU seconds over the same wall time, in cores (/proc/stat counts
            # in clock ticks of all cores: ``total`` ticks are ``total / cores`` ticks of wall time)
            wall = total / cores / os.sysconf("SC_CLK_TCK")
            idle += max(0.0, (mine - mine_before) / wall - 1) if wall > 0 else 0.0
        return idle


def _own_time() -> float:
    """This process's CPU seconds (all its threads)."""
    t = os.times()
    return t.user + t.system


def _niceness() -> int:
    try:
        return os.getpriority(os.PRIO_PROCESS, 0)
    except (OSError, AttributeError):
        return 0


def _cpu_times() -> list[int] | None:
    try:
        with open("/proc/stat", "rb") as fh:
            fields = fh.readline().split()
        return [int(x) for x in fields[1:9]] if fields and fields[0] == b"cpu" else None
    except (OSError, ValueError):
        return None
