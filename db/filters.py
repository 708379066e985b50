"""Optional query filters as one SQL condition with its parameters (values are never formatted into SQL)."""
from __future__ import annotations

from typing import Any


def conditions(*filters: tuple[str, Any]) -> tuple[list[str], list[Any]]:
    """(SQL fragment with ? placeholders, value) pairs -> the fragments and parameters of those whose value is set.

    A value that is a tuple fills several placeholders; None, "" and False leave the filter out.

    >>> conditions(("a.source = ?", "hanoionline"), ("o.kind = ?", None), ("x LIKE ? OR y LIKE ?", ("%a%", "%a%")))
    (['a.source = ?', 'x LIKE ? OR y LIKE ?'], ['hanoionline', '%a%', '%a%'])
    """
    where: list[str] = []
    params: list[Any] = []
    for fragment, value in filters:
        if value is None or value == "" or value is False:
            continue
        where.append(fragment)
        if isinstance(value, tuple):
            params.extend(value)
        elif fragment.count("?"):
            params.append(value)
    return where, params
