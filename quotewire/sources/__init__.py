"""Sources: read any kind of input into ``Article`` records."""

from quotewire.sources.text import MAX_DOCUMENT_BYTES, decode_bytes, read_bytes, read_text

__all__ = ["MAX_DOCUMENT_BYTES", "decode_bytes", "read_bytes", "read_text"]
