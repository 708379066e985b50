"""nlp/indicators.snapshot.json: the shipped catalog as JSON, used only while it matches the yaml exactly."""
from __future__ import annotations

import json

import pytest

import nlp.catalog as cat

ONE = "- key: số hộ nghèo\n  domain: social\n  kinds: [count]\n  synonyms: [hộ nghèo]\n"


def test_the_shipped_snapshot_is_fresh():
    got = json.loads(cat.SNAPSHOT_PATH.read_text(encoding="utf-8"))
    assert got == cat.snapshot(), "nlp/indicators.yaml changed: run `make catalog` to refresh its snapshot"


def test_a_snapshot_is_read_only_for_the_yaml_it_was_made_from(tmp_path, monkeypatch):
    yaml_path = tmp_path / "indicators.yaml"
    yaml_path.write_text(ONE, encoding="utf-8")
    snap = cat.snapshot(yaml_path)
    snap["data"][0]["key"] = "số hộ cận nghèo"  # tell the two sources apart
    monkeypatch.setattr(cat, "SNAPSHOT_PATH", tmp_path / "snap.json")
    cat.SNAPSHOT_PATH.write_text(json.dumps(snap, ensure_ascii=False), encoding="utf-8")
    assert [c.key for c in cat.read_catalog(yaml_path).concepts] == ["số hộ cận nghèo"]
    yaml_path.write_text(ONE.replace("hộ nghèo]", "hộ nghèo, hộ thoát nghèo]"), encoding="utf-8")
    assert [c.key for c in cat.read_catalog(yaml_path).concepts] == ["số hộ nghèo"]  # stale: the yaml
    cat.SNAPSHOT_PATH.write_text("{not json", encoding="utf-8")
    assert [c.key for c in cat.read_catalog(yaml_path).concepts] == ["số hộ nghèo"]  # broken: the yaml


def test_a_snapshot_of_an_invalid_catalog_is_refused(tmp_path):
    bad = tmp_path / "indicators.yaml"
    bad.write_text("- key: x\n  kinds: [nonsense]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kinds"):
        cat.snapshot(bad)
