"""Allows `python -m painref`."""

from painref.cli import main

raise SystemExit(main())
