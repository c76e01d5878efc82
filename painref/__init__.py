"""PainRef: an offline desktop reference for interventional pain management."""

__version__ = "0.1.0"
