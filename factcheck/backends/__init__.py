"""Database backends of the workbench."""
