"""`isms schema`: JSON Schemas of isms.yaml and of register files, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from ismskit.editing.output import write_atomically
from ismskit.messages import say
from ismskit.models.schema import SCHEMA_FILES, config_schema, register_file_schema


def run_schema(output: Path | None, dialect: str, stream: TextIO) -> int:
    schemas = {
        name: config_schema(dialect) if kind == "config" else register_file_schema(dialect)
        for name, kind in SCHEMA_FILES.items()
    }
    if output is None:
        stream.write(json.dumps(schemas, ensure_ascii=False, indent=2) + "\n")
        return 0
    output.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        write_atomically(output / name, text.encode("utf-8"))
        stream.write(say("wrote {value}\n", value=output / name))
    return 0
