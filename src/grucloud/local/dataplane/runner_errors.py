"""The error the function runner raises when a runtime's tools are missing."""


class RuntimeMissing(Exception):
    """What a runtime needs is not installed here; the message names what to install."""
