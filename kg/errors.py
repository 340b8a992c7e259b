"""The one family of errors kg raises; the CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations

__all__ = [
    "KgError",
    "ArticleError",
    "StoreError",
    "QueryError",
    "ParameterError",
    "ValidationError",
    "InputError",
    "FetchError",
]


class KgError(Exception):
    """Base of every error kg reports to users; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class ArticleError(KgError):
    """An article cannot be read: missing, empty, binary, too large or not text."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class QueryError(KgError):
    """A query cannot be found, parsed or run."""

    exit_code = 2


class ParameterError(QueryError):
    """A query parameter is missing, unknown or malformed."""


class ValidationError(KgError):
    """A graph violates the shapes."""


class InputError(KgError):
    """A file or store given to check (e.g. to ``kg validate``) is missing or cannot be read as RDF."""

    exit_code = 2


class FetchError(ArticleError):
    """A URL cannot be fetched."""
