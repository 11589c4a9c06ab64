"""Commands: to be written."""
from quotewire.cli.app import app  # noqa: F401
