"""The one error root of ismskit; the CLI maps these to exit codes."""

from __future__ import annotations


class IsmsError(Exception):
    """Base of every error ismskit raises on purpose."""

    exit_code = 1


class UsageError(IsmsError):
    """The command line asks for something that cannot be done (exit 2)."""

    exit_code = 2


class RepositoryNotFoundError(UsageError):
    """No isms.yaml here, in a parent folder, or at --repo."""
