"""The one exception type for bad input, so every interface reports it the same way."""

from __future__ import annotations

from quotewire.models import Failure


class InputError(Exception):
    """An input that cannot be processed; ``message`` is the one line shown to the user.

    Raised by readers and cleaners, caught by the batch loops, which record it as a ``Failure``
    and go on with the next input.
    """

    def __init__(self, input: str, reason: str, detail: str) -> None:
        self.input = input
        self.reason = reason
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.input}: {self.detail}"

    def failure(self) -> Failure:
        return Failure(input=self.input, reason=self.reason, message=self.message)
