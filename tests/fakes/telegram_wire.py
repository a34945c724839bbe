"""How the fake Bot API reads a call: form, multipart (files) or JSON bodies, as PTB sends them.

Kept apart from the fake's state and methods (telegram.py) so each stays small.
"""

from __future__ import annotations

import email.policy
import json
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request


async def read_params(request: Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Form, multipart or JSON bodies; JSON-encoded form values decoded (PTB encodes non-strings)."""
    params: dict[str, Any] = dict(request.query_params)
    files: dict[str, tuple[str, bytes]] = {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        params.update(await request.json())
        return params, files
    body = await request.body()
    if content_type.startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif content_type.startswith("multipart/form-data"):
        # python-multipart (Starlette's form parser) is not in the lock; the
        # standard library's MIME parser reads multipart/form-data as well.
        document = BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        for part in document.iter_parts():
            name = part.get_param("name", header="content-disposition")
            content = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                files[str(name)] = (filename, content)
            else:
                params[str(name)] = content.decode("utf-8")
    for key in ("reply_markup", "commands", "allowed_updates", "link_preview_options"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    # A file part of sendDocument is referenced as attach://name in the form.
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
            files[key] = files.pop(value[9:])
    return params, files
