"""`legalgraph text FILE` prints exactly the text that `extract`'s spans point into, for
every format: what a user sees is what the offsets count."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from roundtrip import SEED_FILES, assert_spans_point_into
from test_read_docx_html import seed_docx, seed_html

from legalgraph.cli import main
from legalgraph.text.encodings import encode_vni

SEED = SEED_FILES[3]


def _pdf() -> bytes:
    from test_read_pdf import FONT, render_seed

    if not FONT.exists():
        pytest.skip(f"{FONT} missing (Debian: fonts-dejavu-core)")
    return render_seed(SEED.name, FONT)


@pytest.mark.parametrize("suffix,make", [
    (".docx", lambda: seed_docx(SEED.name)),
    (".html", lambda: seed_html(SEED.name)),
    (".pdf", _pdf),
    (".txt", lambda: encode_vni(SEED.read_text(encoding="utf-8"))),  # a legacy VNI-Windows file
    (".md", lambda: "\ufeff".encode() + __import__("unicodedata").normalize("NFD", SEED.read_text()).encode()),
])
def test_spans_point_into_what_text_prints(tmp_path, suffix, make):
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(make())
    runner = CliRunner()
    shown = runner.invoke(main, ["text", str(path)])
    assert shown.exit_code == 0, shown.output
    record = json.loads(runner.invoke(main, ["extract", str(path)]).stdout)
    assert record["citations"] and record["relations"]
    assert_spans_point_into(record, shown.stdout)
    assert record["input"]["format"] == suffix.lstrip(".")
    if suffix == ".txt":
        assert record["input"]["encoding"] == "vni" and "read as vni" in shown.stderr
