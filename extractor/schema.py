"""The JSON Schema of the result, generated from the pydantic models."""
from __future__ import annotations

import json
from pathlib import Path

from vanban.models import ExtractionResult

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "extraction.schema.json"


def result_schema() -> dict:
    schema = ExtractionResult.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vanban.invalid/schemas/extraction.schema.json"
    return schema


def schema_text() -> str:
    return json.dumps(result_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m vanban.extractor.schema regenerates schemas/
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
