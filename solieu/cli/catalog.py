"""--catalog FILE: a user's own indicator catalog, used on top of the shipped nlp/indicators.yaml."""
from __future__ import annotations

import tempfile
from pathlib import Path


class CatalogError(ValueError):
    """A catalog file that cannot be read or is not a valid list of indicator concepts."""


def _entries(path: Path) -> list[dict]:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(e, dict) and e.get("key") for e in data):
        raise CatalogError(f"catalog {path}: expected a yaml list of mappings, each with a 'key' (and synonyms)")
    return data


def use_catalog(path: Path) -> Path:
    """Make indicator keys come from the shipped catalog plus the concepts of path (theirs replace same keys).

    Returns the merged catalog file (validated by nlp.catalog, whose ValueError becomes a CatalogError)."""
    import yaml

    import nlp.catalog as cat

    mine = _entries(path)
    keys = {e["key"] for e in mine}
    merged = mine + [e for e in _entries(cat.CATALOG_PATH) if e["key"] not in keys]
    tmp = Path(tempfile.mkdtemp(prefix="solieu-catalog-")) / "indicators.yaml"
    tmp.write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        cat.read_catalog(tmp)
    except ValueError as exc:
        raise CatalogError(f"catalog {path}: {exc}".replace(str(tmp), "merged catalog")) from exc
    cat.CATALOG_PATH = tmp
    cat.load_catalog.cache_clear()
    return tmp
