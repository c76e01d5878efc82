"""Content: the sources in data/, their validation, the database builder and reader."""
