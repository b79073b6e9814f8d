"""SQLite with the write lock queued in Python between a process's threads (see ``base``)."""
