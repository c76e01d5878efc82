"""Entry point of the packaged app: the same command line as `painref`."""

from painref.cli import main

raise SystemExit(main())
