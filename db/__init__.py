"""The database: schema and every SQL statement solieu runs (through sqlite-utils).

db/ is the bottom of the stack: it imports nothing from solieu/, crawler/ or nlp/.
"""
import sys as _sys


def _import_sqlite_utils() -> None:
    """Import sqlite-utils with numpy and pandas hidden, unless something imported them already.

    sqlite-utils imports both at start-up only to map their scalar types to SQL ones; solieu never stores
    numpy or pandas values, and numpy alone costs ~0.15 s, a tenth of a `solieu reprocess` of the demo."""
    if "sqlite_utils" in _sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in _sys.modules]
    for name in hidden:
        _sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if _sys.modules.get(name, 0) is None:
                del _sys.modules[name]


_import_sqlite_utils()

from db.schema import DatabaseError, MissingDatabase, default_db_path, open_db, open_existing  # noqa: E402

__all__ = ["DatabaseError", "MissingDatabase", "default_db_path", "open_db", "open_existing"]
