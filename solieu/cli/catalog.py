"""--catalog FILE: a user's own indicator catalog, used on top of the shipped nlp/indicators.yaml."""
from __future__ import annotations

import tempfile
from pathlib import Path


class CatalogError(ValueError):
    """A catalog file that cannot be read or is not a list of indicators with a key."""


def _entries(path: Path) -> list[dict]:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc}") from exc
    entries = data.get("indicators") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("key") for e in entries):
        raise CatalogError(f"catalog {path}: expected a list of mappings, each with a 'key' (and synonyms)")
    return entries


def use_catalog(path: Path) -> Path:
    """Make nlp.indicator_key use the shipped catalog plus the entries of path (theirs win); returns the merged file."""
    import yaml

    import nlp.indicators as ind

    mine = _entries(path)
    if hasattr(ind, "use_catalog"):  # the indicators module may offer it itself
        ind.use_catalog(path)
        return Path(path)
    shipped = _entries(ind.CATALOG_PATH)
    keys = {e["key"] for e in mine}
    merged = mine + [e for e in shipped if e["key"] not in keys]
    tmp = Path(tempfile.mkdtemp(prefix="solieu-catalog-")) / "indicators.yaml"
    tmp.write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ind.CATALOG_PATH = tmp
    ind.load_catalog.cache_clear()
    return tmp
