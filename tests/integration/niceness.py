"""The niceness of every thread of a process, read from ``/proc`` (Linux)."""

from pathlib import Path


def thread_niceness(pid: int) -> dict[int, int]:
    """``{thread id: niceness}`` of the process's threads; empty when it is gone."""
    found = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            stat = (task / "stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        # After "pid (comm) ", field 3 (state) comes first; niceness is field 19.
        fields = stat.rsplit(") ", 1)[1].split()
        found[int(task.name)] = int(fields[19 - 3])
    return found
