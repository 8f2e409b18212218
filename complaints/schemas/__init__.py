"""API shapes of the complaints app, one module per part."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict

# Input that may carry personal data: a validation error's text (a 500's traceback, a log line)
# never quotes the value, only where and why (《个人信息保护法》; the issue: never in logs).
PERSONAL_INPUT = ConfigDict(hide_input_in_errors=True)


def openapi_json_body(schema: type[Schema]) -> dict:
    """`schema` as a required JSON request body for `openapi_extra`, nested definitions written
    out (for handlers that read the body themselves to name each bad field as the JSON does)."""
    document = schema.model_json_schema()
    definitions = document.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(definitions[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": inline(document)}}}}
