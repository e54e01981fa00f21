"""A plan's name as a person types it, and the file name it gets."""

from __future__ import annotations

import re
import unicodedata

from pilot2prod.errors import UsageError
from pilot2prod.plan import clean_name

MAX_SLUG = 64

_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def slugify(name: str) -> str:
    """A safe file stem for *name*: lowercase ASCII letters, digits and dashes, never empty.

    It never holds a path separator or dots, never names a Windows device, and is at most
    64 characters long.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-") or "plan"
    if slug in _RESERVED:
        slug = f"{slug}-plan"
    return slug


def check_name(name: str) -> str:
    """Clean a plan name typed by a person; raise UsageError when nothing is left.

    Invisible and bidirectional-control characters are removed: a name can never look like
    another one, or be made of nothing visible.
    """
    cleaned = clean_name(name)
    if not cleaned:
        raise UsageError("a plan name cannot be empty or made only of invisible characters")
    return cleaned
