"""The accord exception tree: every error accord raises is an ``AccordError``."""

from __future__ import annotations

__all__ = ["AccordError", "InputError", "FormatError", "ReadError", "OptionError", "InternalError"]


class AccordError(Exception):
    """Base class of every error raised by accord."""


class InputError(AccordError, ValueError):
    """The input could not be used as an article (binary data, undecodable, over the size limit)."""


class FormatError(InputError):
    """A structured input (JSON, JSON Lines) was malformed."""


class ReadError(AccordError, OSError):
    """A file or directory could not be read."""


class OptionError(AccordError, ValueError):
    """An option had a value outside its domain."""


class InternalError(AccordError, RuntimeError):
    """A bug in accord; please report it with the input that caused it."""
