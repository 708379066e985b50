"""Importing db loads sqlite-utils without numpy or its plugins (start-up costs solieu never needs), and hides nothing after."""
import subprocess
import sys


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_db_does_not_import_numpy():
    assert _run("import sys, db; print('numpy' in sys.modules, db.open_db is not None)") == "False True"


def test_numpy_still_imports_after_db():
    assert _run("import db, numpy; print(numpy.__name__, float(numpy.float64(1.5)))") == "numpy 1.5"


def test_a_process_that_has_numpy_keeps_it_for_sqlite_utils():
    assert _run("import numpy, db, sqlite_utils.db as d; print(d.np is numpy)") == "True"


def test_opening_a_database_does_not_scan_for_sqlite_utils_plugins(tmp_path):
    code = (f"import db, db.schema, sqlite_utils.plugins as p; a = db.open_db({str(tmp_path / 'a.db')!r}); "
            f"b = db.schema.open_readonly({str(tmp_path / 'a.db')!r}); print(p._plugins_loaded, a.table_names() == b.table_names())")
    assert _run(code) == "False True"
