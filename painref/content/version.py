"""The schema version the builder writes and the reader requires, kept import-light (the
reader is on the start-up path). What the schema holds is declared in content/tables.py."""

SCHEMA_VERSION = 4
