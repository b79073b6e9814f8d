"""Database housekeeping of the workbench: SQLite's checkpoint of its write-ahead log."""
