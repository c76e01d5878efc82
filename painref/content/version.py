"""The database schema version shared by the builder and the reader (kept import-light)."""

SCHEMA_VERSION = 1
