"""The committed JSON Schema is exactly what the models generate."""
import json

from vanban.extractor.schema import SCHEMA_PATH, result_schema, schema_text
from vanban.extractor.cli import main


def test_committed_schema_matches_models():
    assert SCHEMA_PATH.exists(), "run `make schema` to generate schemas/extraction.schema.json"
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "schemas/extraction.schema.json drifted from models/: run `make schema`")


def test_schema_covers_the_contract_keys():
    props = result_schema()["properties"]
    for key in ("schema_version", "source", "document", "references", "targets",
                "timetable", "findings"):
        assert key in props


def test_cli_prints_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(schema_text())
