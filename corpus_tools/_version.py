"""Single source of the package version (read by hatchling and the signatures)."""

__version__ = "0.1.0"
