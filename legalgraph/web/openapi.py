"""The OpenAPI 3.1 description of the JSON API (``/openapi.json``): the questions of the
pages, answered with the rows of ``legalgraph.graph.rows`` as their ``to_dict()``."""

from __future__ import annotations

import legalgraph

NAME = {"name": "name", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 300},
        "description": "An instrument as people write it: 56/2024/NĐ-CP, nd 56/2024, Luật Đất đai 2024, a work URI"}
PER_TYPE = {"name": "limit", "in": "query", "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": 10000},
            "description": "at most this many relations of each type into the instrument (a law cited by tens of "
                           "thousands of texts); all of them when left out"}
OFFSET = {"name": "offset", "in": "query", "required": False,
          "schema": {"type": "integer", "minimum": 0, "maximum": 1000000000},
          "description": "with a limit: the page after this many of each type, in the order of the citing "
                         "instruments' identifiers"}
ROWS = {"type": "array", "items": {"type": "object"}}
ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}


def _query(name, description, schema=None, required=False):
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string", "maxLength": 300}}


def _get(summary, parameters, schema, errors=(400, 404, 409)):
    responses = {"200": {"description": "the answer", "content": {"application/json": {"schema": schema}}}}
    for code in errors:
        responses[str(code)] = {"description": {400: "a parameter that cannot be used", 404: "no such instrument",
                                                409: "several instruments answer to the name"}[code],
                                "content": {"application/json": {"schema": ERROR}}}
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def description() -> dict:
    roles = {"type": "string", "enum": ["any", "lead", "support", "report_to"]}
    return {
        "openapi": "3.1.0",
        "info": {"title": "legalgraph", "version": legalgraph.__version__,
                 "description": "Vietnamese legal documents as a knowledge graph: the questions of the web "
                                "application, as JSON."},
        "paths": {
            "/api/search": _get("Instruments whose number, type or title hold every word (with or without "
                                "diacritics)", [_query("q", "the words", required=True),
                                                _query("limit", "at most this many", {"type": "integer",
                                                                                       "minimum": 1,
                                                                                       "maximum": 500})],
                                ROWS, errors=(400,)),
            "/api/instrument": _get("Everything known about one instrument, relations both ways with evidence "
                                    "(with a limit: how many of each type were left out, in 'more')",
                                    [NAME, PER_TYPE, OFFSET], {"type": "object"}),
            "/api/relations": _get("The relations at an instrument grouped as căn cứ, hướng dẫn, sửa đổi bổ sung, "
                                   "thay thế, bãi bỏ, triển khai", [NAME, PER_TYPE, OFFSET], {"type": "object"}),
            "/api/chain": _get("The implementation chain, down (default) or up", [
                NAME, _query("direction", "down or up", {"type": "string", "enum": ["down", "up"]})], ROWS),
            "/api/implementers": _get("Provincial and local instruments in the chain below, by province", [
                NAME, _query("province", "a province as documents name it, or its 2025 successor")], ROWS),
            "/api/coverage": _get("Every province (before 2025) and unit (from 2025): acted or not", [
                NAME, _query("period", "one period only",
                             {"type": "string", "enum": ["before 2025", "from 2025"]})], ROWS),
            "/api/stale": _get("Instruments still resting on a text changed since", [
                _query("province", "only instruments of this province"),
                _query("limit", "at most this many", {"type": "integer", "minimum": 1, "maximum": 10000})],
                ROWS, errors=(400,)),
            "/api/tasks": _get("Tasks the documents assign", [
                _query("body", "only those given to this body (Sở Tư pháp: any province's)"),
                _query("role", "its role in them", roles),
                _query("overdue", "only those overdue today", {"type": "string", "enum": ["true", "false"]})],
                ROWS, errors=(400, 404)),
            "/api/missing": _get("Instruments cited but not in the collection, most cited first", [], ROWS,
                                 errors=()),
            "/api/stats": _get("Counts by type, province and relation; the most cited", [], {"type": "object"},
                               errors=()),
        },
    }
