"""What the builder and the reader must agree on, kept import-light (the reader is on the
start-up path): the database schema version, and the attribute keys every database holds."""

SCHEMA_VERSION = 2

# The attribute keys the library, the comparison chart and condition ladders read by name:
# the loader refuses an attributes.yaml without them, the library a database without them.
REQUIRED_ATTRIBUTES = ("time", "invasiveness", "relief-duration")
