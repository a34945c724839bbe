"""Files the actions make for the user (result charts, the summary PDF), for the gateway to serve.

The action server writes each file under ``<ORIENTA_DATA_DIR>/media/`` with an unguessable name
(24 random bytes, URL-safe); the gateway serves ``/media/<name>`` from the same folder and
deletes old files (README "Images (charts)"). The random name is the access control: only the
conversation that received the link knows it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from actions.settings import action_settings


def media_dir() -> Path:
    """``<ORIENTA_DATA_DIR>/media``, the folder the gateway serves ``/media/`` from."""
    return action_settings().data_dir / "media"


def save_png(png: bytes, folder: Path | None = None) -> str:
    """Store a PNG under a fresh random name; returns its gateway-relative URL."""
    return save_file(png, "png", folder)


def save_pdf(pdf: bytes, folder: Path | None = None) -> str:
    """Store a PDF under a fresh random name; returns its gateway-relative URL."""
    return save_file(pdf, "pdf", folder)


def save_file(content: bytes, suffix: str, folder: Path | None = None) -> str:
    """Store ``content`` as ``<random>.<suffix>`` in ``folder`` (the media folder by default).

    The gateway's own files (a user's data export) are written here too, so both processes
    name and write media files the one way the gateway's ``/media/`` route expects.
    """
    target = folder or media_dir()
    target.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(24)}.{suffix}"
    # Written under a name the gateway never serves, then renamed: no half-written file is served.
    partial = target / f"{name}.tmp"
    partial.write_bytes(content)
    os.replace(partial, target / name)
    return f"/media/{name}"
