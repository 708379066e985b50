"""The solieu command: help, bad input, figures contract, observations output."""
import csv
import io
import json

import pytest

from tests.conftest import solieu


def test_help_lists_every_command():
    out = solieu("--help").stdout
    for cmd in ("crawl", "demo", "figures", "observations"):
        assert cmd in out


@pytest.mark.parametrize("args, message", [
    (["crawl", "nosuchsource"], "unknown source"),
    (["observations", "--kind", "bogus"], "Invalid value"),
    (["observations", "--format", "xml"], "Invalid value"),
])
def test_bad_arguments_give_one_line_error(args, message, tmp_path):
    proc = solieu(*args, "--db", str(tmp_path / "x.db"))
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unwritable_db_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = solieu("observations", "--db", str(blocker / "sub" / "x.db"))
    assert proc.returncode == 1
    assert "cannot open database" in proc.stderr and "Traceback" not in proc.stderr


def test_figures_reads_and_writes_json_lines():
    lines = [{"id": "a", "text": "Năm 2023, thành phố có 12/15 phường đạt chuẩn."}, {"id": 7, "text": ""}]
    proc = solieu("figures", input="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    fig = out[0]["figures"][0]
    assert (fig["value"], fig["denominator"], fig["kind"]) == (12, 15, "ratio")
    assert out[1]["figures"] == []


def test_figures_bad_json_is_one_line_error():
    proc = solieu("figures", input='{"id": 1, "text": "ok"}\n{not json\n')
    assert proc.returncode == 1
    assert "line 2" in proc.stderr and "Traceback" not in proc.stderr


def test_observations_formats(demo_db):
    path, proc = demo_db
    assert proc.returncode == 0
    js = json.loads(solieu("observations", "--db", str(path), "--format", "json").stdout)
    assert len(js) >= 60 and {"value", "kind", "subject", "article_url", "sentence"} <= set(js[0])
    rows = list(csv.DictReader(io.StringIO(solieu("observations", "--db", str(path), "--format", "csv",
                                                  "--kind", "percent").stdout)))
    assert rows and {r["kind"] for r in rows} == {"percent"}
    table = solieu("observations", "--db", str(path), "--limit", "5").stdout
    assert "5 observations" in table
    none = json.loads(solieu("observations", "--db", str(path), "--since", "2099-01-01", "--format",
                             "json").stdout)
    assert none == []
