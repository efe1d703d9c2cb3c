"""The native module: one wire-format entry point (see arrears.call_json)."""

__all__ = ["call", "version"]

def call(op: str, request: str) -> tuple[bool, str]:
    """Runs a wire operation: (True, response_json) or (False, error_json)."""

def version() -> str:
    """The library version."""
