"""Many documents made by a few workers at once: `isms site` renders every document (dozens). A
child per document would start and set up again for each (Jinja, Markdown); one child for all
would leave the other cores idle.

Workers are forked when the work is ready to be shared (nothing is pickled on the way in: a child
has the parent's data), and take tasks in turn from the parent, one index at a time, so that a long
task does not hold up the others. A task returns bytes (a rendering, a pickled document). Each task
keeps the budget a document has alone (rendering.py): its own clock, in the sandbox (the deadline it
is given) and in the parent, which kills a worker whose task overruns; the CPU limit restarts with
each task, and a worker's memory limit is the one of a single document. A task that stops its
worker fails alone: a new worker takes the tasks still to run.
"""

from __future__ import annotations

import os
import select
import signal
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ismskit.documents import budget
from ismskit.documents.isolation import (
    FAILED,
    OUT_OF_MEMORY,
    can_isolate,
    kill,
    limit_resources,
    reap,
)
from ismskit.documents.rendering import (
    EnvironmentKey,
    TemplateFindingError,
    decode_rendering,
    environment_for,
    has_own_templates,
    render_with,
    stopped_without_a_result,
    template_error,
)
from ismskit.repository.location import TEMPLATES_DIR

_HEADER = 8  # bytes of the length before each task's output
_INDEX = 4  # bytes of a task's index sent to a worker
MOST_WORKERS = 4

# A task, run in a worker with the deadline of its own budget.
Task = Callable[[budget.Deadline], bytes]


@dataclass(frozen=True)
class Failed:
    """A task that stopped its worker: out of time or memory, or ended without a result."""

    reason: str


class Running:
    """Tasks being run; `results()` waits for them (once)."""

    def __init__(self, collect: Callable[[], list[bytes | Failed]]) -> None:
        self._collect = collect
        self._results: list[bytes | Failed] | None = None

    def results(self) -> list[bytes | Failed]:
        if self._results is None:
            self._results = self._collect()
        return self._results


def start_tasks(tasks: Sequence[Task]) -> Running:
    """Start the tasks in workers (in this process where the system cannot fork): the caller
    goes on with other work, and asks for the `results()` when it needs them."""
    if not tasks or not can_isolate():
        return Running(lambda: [_here(task) for task in tasks])
    from ismskit.documents.compiled import compiled_code

    compiled_code()  # collected here, before the fork: a worker must not read that pipe
    pool = _Pool(tasks, budget.time_budget())
    pool.start()
    return Running(pool.run)


def worker_count(tasks: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MOST_WORKERS, tasks))


# In a worker (or here): the environments it renders with (one per escaping policy), which keep
# what they compiled for the next documents, and the deadline they keep to, reset for each.
_environments: dict[EnvironmentKey, Any] = {}
_deadline = budget.Deadline(budget.DEFAULT_SECONDS)


def render_in_worker(
    own: Path, template: str, context: dict[str, Any], deadline: budget.Deadline
) -> bytes:
    """A rendering's output (rendering.py), from within a task."""
    environment = environment_for(_environments, own, template, deadline)
    return render_with(environment, template, context)


@dataclass(frozen=True)
class RenderJob:
    template: str
    context: dict[str, Any]


Rendered = str | TemplateFindingError


def render_all(repo_root: Path, jobs: Sequence[RenderJob]) -> list[Rendered]:
    """Each job's text, or the error that names its template, in the order of `jobs`.

    Where every template is ismskit's own (the repository has none), they render here: a
    worker would cost more to start than the rendering, and the limits of a child are for
    templates that come with a pull request."""
    own = repo_root / TEMPLATES_DIR
    if not can_isolate() or not has_own_templates(own):
        return [_rendered_here(own, job) for job in jobs]
    tasks = [_rendering_task(own, job) for job in jobs]
    results = start_tasks(tasks).results()
    return [_rendered(own, job, result) for job, result in zip(jobs, results, strict=True)]


def _rendering_task(own: Path, job: RenderJob) -> Task:
    return lambda deadline: render_in_worker(own, job.template, job.context, deadline)


def _rendered(own: Path, job: RenderJob, result: bytes | Failed) -> Rendered:
    if isinstance(result, Failed):
        message = budget.cannot_render(result.reason)
        return template_error(own, job.template, message)
    try:
        return decode_rendering(result, own, job.template)
    except TemplateFindingError as error:
        return error


def prepare_rendering_here(repo_root: Path, template: str) -> None:
    """Import Jinja and make the environment of `template` now (while waiting for workers), for
    `render_all` to render here."""
    if not has_own_templates(repo_root / TEMPLATES_DIR):
        environment_for(_environments, repo_root / TEMPLATES_DIR, template, _deadline)


def _rendered_here(own: Path, job: RenderJob) -> Rendered:
    seconds = budget.time_budget()
    _deadline.seconds, _deadline.ends = seconds, time.monotonic() + seconds
    try:
        output = render_in_worker(own, job.template, job.context, _deadline)
    except MemoryError:
        return template_error(own, job.template, budget.memory_message())
    return _rendered(own, job, output)


def _here(task: Task) -> bytes | Failed:
    seconds = budget.time_budget()
    _deadline.seconds, _deadline.ends = seconds, time.monotonic() + seconds
    try:
        return task(_deadline)
    except MemoryError:
        return Failed(budget.memory_message())


@dataclass
class _Worker:
    pid: int
    inbox: int  # the parent writes the index of the next task here
    outbox: int  # the worker writes each task's output here
    task: int = -1  # the task it runs now
    ends: float = 0.0  # when that task's time is up
    read: bytearray = field(default_factory=bytearray)


class _Pool:
    """The parent's side: hands out tasks, collects their output, watches each clock."""

    def __init__(self, tasks: Sequence[Task], seconds: float) -> None:
        self.tasks, self.seconds = tasks, seconds
        self.results: list[bytes | Failed | None] = [None] * len(tasks)
        self.next_task = 0
        self.workers: list[_Worker] = []

    def start(self) -> None:
        try:
            for _ in range(worker_count(len(self.tasks))):
                self._start_worker()
        except BaseException:
            self._end_all()
            raise

    def run(self) -> list[bytes | Failed]:
        try:
            while self.workers:
                self._step()
        finally:
            self._end_all()
        return [result for result in self.results if result is not None]

    def _end_all(self) -> None:
        for worker in list(self.workers):
            self._end(worker, kill_it=True)

    def _start_worker(self) -> None:
        inbox_read, inbox = os.pipe()
        outbox, outbox_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            # Only its own ends: a worker holding another's inbox would keep it from its end.
            others = [w.inbox for w in self.workers] + [w.outbox for w in self.workers]
            for descriptor in (inbox, outbox, *others):
                with suppress(OSError):
                    os.close(descriptor)
            os._exit(_serve(self.tasks, self.seconds, inbox_read, outbox_write))
        os.close(inbox_read)
        os.close(outbox_write)
        worker = _Worker(pid, inbox, outbox)
        self.workers.append(worker)
        self._hand_out(worker)

    def _hand_out(self, worker: _Worker) -> None:
        """The next task to this worker, or the end of its work."""
        if self.next_task >= len(self.tasks):
            with suppress(OSError):
                os.close(worker.inbox)
            worker.inbox, worker.task = -1, -1
            return
        worker.task, self.next_task = self.next_task, self.next_task + 1
        worker.ends = time.monotonic() + self.seconds + 1
        with suppress(BrokenPipeError):  # the worker is gone: its end of output says so
            os.write(worker.inbox, worker.task.to_bytes(_INDEX, "big"))

    def _step(self) -> None:
        busy = [worker for worker in self.workers if worker.task >= 0]
        if not busy:  # every worker has been told to end: wait for them to leave
            for worker in list(self.workers):
                self._end(worker, kill_it=False)
            return
        wait = max(0.0, min(worker.ends for worker in busy) - time.monotonic())
        ready = select.select([worker.outbox for worker in busy], [], [], wait)[0]
        for worker in busy:
            if worker.outbox in ready:
                self._read(worker)
            elif time.monotonic() > worker.ends:
                self._stopped(worker, budget.time_message(self.seconds))

    def _read(self, worker: _Worker) -> None:
        chunk = os.read(worker.outbox, 1 << 16)
        if not chunk:
            self._stopped(worker, None)
            return
        worker.read += chunk
        if len(worker.read) > budget.MEMORY_BYTES + _HEADER:  # more than it could have made
            self._stopped(worker, budget.memory_message())
            return
        output = _take(worker.read)
        if output is not None:
            self.results[worker.task] = output
            self._hand_out(worker)

    def _stopped(self, worker: _Worker, reason: str | None) -> None:
        """The worker's task fails with `reason` (None: as its exit status says); a new worker
        takes the tasks still to run."""
        status = self._end(worker, kill_it=reason is not None)
        self.results[worker.task] = Failed(reason or _why_exited(status))
        if self.next_task < len(self.tasks):
            self._start_worker()

    def _end(self, worker: _Worker, *, kill_it: bool) -> int | None:
        """Close the worker's pipes and wait for it (killed first if `kill_it`); its status."""
        if kill_it:
            kill(worker.pid)
        for descriptor in (worker.inbox, worker.outbox):
            if descriptor >= 0:
                with suppress(OSError):
                    os.close(descriptor)
        self.workers.remove(worker)
        try:
            return os.waitpid(worker.pid, 0)[1]
        except ChildProcessError:
            return None
        finally:
            reap(worker.pid)


def _why_exited(status: int | None) -> str:
    code = os.waitstatus_to_exitcode(status) if status is not None else FAILED
    if code == -signal.SIGXCPU:
        return budget.time_message(budget.time_budget())
    if code in (FAILED, 0):
        return stopped_without_a_result()
    return budget.memory_message()  # its own MemoryError, or killed by the system


def _serve(tasks: Sequence[Task], seconds: float, inbox: int, outbox: int) -> int:
    try:
        limit_resources(seconds, budget.MEMORY_BYTES)
        while (index := _next_index(inbox)) is not None:
            _renew_cpu_limit(seconds)
            _deadline.seconds, _deadline.ends = seconds, time.monotonic() + seconds
            _send(outbox, tasks[index](_deadline))
    except MemoryError:
        return OUT_OF_MEMORY
    except BaseException:  # noqa: BLE001 - the parent reports the task that stopped it
        return FAILED
    return 0


def _next_index(inbox: int) -> int | None:
    data = b""
    while len(data) < _INDEX:
        chunk = os.read(inbox, _INDEX - len(data))
        if not chunk:
            return None
        data += chunk
    return int.from_bytes(data, "big")


def _renew_cpu_limit(seconds: float) -> None:
    """Each task's CPU time counts from its start, as in a child of its own."""
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    wanted = int(used.ru_utime + used.ru_stime) + int(seconds) + 2
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or wanted <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (wanted, hard))


def _send(writer: int, output: bytes) -> None:
    view = memoryview(len(output).to_bytes(_HEADER, "big") + output)
    while view:
        view = view[os.write(writer, view[: 1 << 16]) :]


def _take(pending: bytearray) -> bytes | None:
    """One task's output off the front of what was read, once all of it is there."""
    if len(pending) < _HEADER:
        return None
    size = int.from_bytes(pending[:_HEADER], "big")
    if len(pending) < _HEADER + size:
        return None
    output = bytes(pending[_HEADER : _HEADER + size])
    del pending[: _HEADER + size]
    return output
