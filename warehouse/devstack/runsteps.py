"""Which steps of a Meltano job ran, from the log of ``meltano run JOB``. Used by
``make run`` when the job stops, so that a newcomer sees what was done and what not.

    python -m warehouse.devstack.runsteps elt logs/make-run.log
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

# What Meltano logs as each block (plugin command) of a run finishes; a failed block
# logs the same words at level error.
BLOCK_DONE = "Block run completed"


def completed_blocks(log: str) -> int:
    return sum(BLOCK_DONE in line and "[error" not in line for line in log.splitlines())


def job_steps(job: str, project: Path = Path("meltano.yml")) -> list[str]:
    """The job's blocks in order: each task line may hold several (``a:x b:y``)."""
    jobs = yaml.safe_load(project.read_text())["jobs"]
    for entry in jobs:
        if entry["name"] == job:
            return [block for task in entry["tasks"] for block in task.split()]
    raise KeyError(f"no job {job!r} in {project}")


def describe(steps: list[str], completed: int) -> str:
    ran, failed, not_run = steps[:completed], steps[completed:][:1], steps[completed + 1 :]
    lines = [f"  ran:     {', '.join(ran) or 'nothing'}"]
    if failed:
        lines.append(f"  failed:  {failed[0]}")
    if not_run:
        lines.append(f"  not run: {', '.join(not_run)}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    job, log = argv
    completed = completed_blocks(Path(log).read_text(errors="replace"))
    steps = describe(job_steps(job), completed)
    print(f"meltano run {job} stopped; the steps of the job:\n{steps}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
