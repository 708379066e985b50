"""The database: schema and every SQL statement solieu runs (through sqlite-utils).

db/ is the bottom of the stack: it imports nothing from solieu/, crawler/ or nlp/.
"""
from db.schema import DatabaseError, MissingDatabase, default_db_path, open_db, open_existing

__all__ = ["DatabaseError", "MissingDatabase", "default_db_path", "open_db", "open_existing"]
