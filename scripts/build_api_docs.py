"""Build the API reference from the docstrings (pdoc) into docs/api/, or the folder given.

    python scripts/build_api_docs.py            # docs/api/index.html
    python -W error scripts/build_api_docs.py /tmp/api   # as the tests run it: warnings fail

`import legalgraph` keeps the graph side lazy (module __getattr__) so that the command
starts fast; pdoc reads a module's own namespace, so every public name is resolved first.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pdoc

import legalgraph

MODULES = ["legalgraph", "legalgraph.graph.rows"]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "api"
    for name in legalgraph.__all__:
        getattr(legalgraph, name)
    pdoc.render.configure(docformat="markdown", footer_text=f"legalgraph {legalgraph.__version__}")
    pdoc.pdoc(*MODULES, output_directory=out)
    print(f"{out / 'index.html'}: the API reference of {', '.join(MODULES)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
