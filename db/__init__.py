"""The database: schema and every SQL statement solieu runs (through sqlite-utils)."""
from db.schema import DatabaseError, default_db_path, open_db

__all__ = ["DatabaseError", "default_db_path", "open_db"]
