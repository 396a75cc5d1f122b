"""aural: offline audio understanding."""

__version__ = "0.1.0"
