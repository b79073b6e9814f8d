"""SQLite housekeeping for the embedded default (``checkpoint``)."""
