"""Sources: read any kind of input into ``Article`` records (see ``dispatch.read_inputs``)."""

from quotewire.sources.dispatch import expand_input, read_inputs
from quotewire.sources.http import DEFAULT_TIMEOUT, fetch
from quotewire.sources.text import MAX_DOCUMENT_BYTES, decode_bytes, read_bytes, read_text

__all__ = ["DEFAULT_TIMEOUT", "MAX_DOCUMENT_BYTES", "decode_bytes", "expand_input", "fetch", "read_bytes", "read_inputs", "read_text"]
