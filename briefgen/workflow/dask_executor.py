"""``briefgen build --executor dask --scheduler ADDRESS``: the same jobs on a Dask cluster.

Each job travels with its input and the files it names (:func:`~briefgen.workflow.jobs.bundle`)
and comes back as bytes, so workers need no shared disk; this process writes the outputs
atomically. Dask's scheduler reschedules the task of a worker that dies (up to its
``distributed.scheduler.allowed-failures``), so a lost worker costs time, never an output.
Needs the optional extra: ``pip install 'briefgen[dask]'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from briefgen.errors import BuildError, InputError
from briefgen.workflow.jobs import Job, Outcome, bundle, run_job

RETRIES = 2
"""Extra tries for a task that raised (a build itself reports bad input, it does not raise)."""


def _client(address: str | None) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise BuildError("--executor dask needs Dask: pip install 'briefgen[dask]'") from None
    if not address:
        raise BuildError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    try:
        return Client(address, timeout=30)
    except OSError as err:
        raise BuildError(f"cannot reach the Dask scheduler at {address}: {err}") from None


def runner(address: str | None) -> Callable[[list[Job]], Iterator[tuple[int, Outcome]]]:
    """A batch runner that sends every job to the scheduler at ``address``."""

    def run(jobs: list[Job]) -> Iterator[tuple[int, Outcome]]:
        from distributed import as_completed

        client = _client(address)
        try:
            shipped: dict[object, int] = {}
            for index, job in enumerate(jobs):
                try:
                    ready = bundle(job)
                except InputError as err:
                    yield (
                        index,
                        Outcome(
                            job.path, job.lang, problems=[str(p) for p in err.problems], status=2
                        ),
                    )
                    continue
                except (BuildError, OSError) as err:
                    yield (
                        index,
                        Outcome(job.path, job.lang, problems=[f"briefgen: error: {err}"], status=1),
                    )
                    continue
                future = client.submit(run_job, ready, pure=False, retries=RETRIES)
                shipped[future] = index
            for future in as_completed(list(shipped)):
                index = shipped[future]
                try:
                    yield index, future.result()
                except Exception as err:  # the task failed on every try
                    job = jobs[index]
                    yield (
                        index,
                        Outcome(
                            job.path,
                            job.lang,
                            problems=[f"briefgen: error: the build failed on the cluster: {err}"],
                            status=1,
                        ),
                    )
        finally:
            client.close()

    return run
