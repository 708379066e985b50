"""The one error document extraction raises: a reason code and a sentence for people."""
from __future__ import annotations


class DocumentError(ValueError):
    """A document that cannot be read: encrypted, corrupt, too large, unsupported, not what it says."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
