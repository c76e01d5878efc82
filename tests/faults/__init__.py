"""Fault tests: damaged databases and files, run through every command and the window."""
