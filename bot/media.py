"""Files the action server makes (result charts, the summary PDF), served from the data dir.

The action server writes a PNG or PDF into ``<ORIENTA_DATA_DIR>/media/<token>.<png|pdf>``, the
token being ``secrets.token_urlsafe(24)``, and sends a custom payload with the gateway-relative
URL ``/media/<token>.png`` (or ``.pdf``). The unguessable name is the access control: there is no listing, and
anyone holding the URL can see the image, as with an unlisted link. So the route is strict:

- only names of 20 to 64 URL-safe characters plus ``.png``, ``.pdf`` or ``.json`` (a user's copy
  of their data, written by the gateway itself) are looked up, so a path
  (``..``, ``/``, an encoded ``%2F``) never reaches the file system;
- the file is opened with ``O_NOFOLLOW`` and must be a regular file, so a symlink placed in
  the directory cannot expose a file outside it;
- a file older than the retention period answers 404 and is deleted at once; a sweep at
  start and every hour (``MediaStore.sweep_forever``, run in the gateway's lifespan) deletes
  the expired files nobody asked for.

Results are personal data: ``Cache-Control: private`` keeps shared caches from storing them.
Names are never logged (they are the access key).
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from actions.assessment.media import save_file
from bot.periodic import repeat

logger = logging.getLogger(__name__)

MEDIA_SUBDIR = "media"
NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}\.(png|pdf|json)")
#: What each suffix is served as. A PDF is a download (``attachment``) under a fixed, neutral
#: name, so the browser saves it instead of rendering it inside the gateway's origin.
MEDIA_TYPES = {
    "png": ("image/png", {}),
    "pdf": ("application/pdf", {"Content-Disposition": 'attachment; filename="orienta-summary.pdf"'}),
    "json": ("application/json", {"Content-Disposition": 'attachment; filename="orienta-my-data.json"'}),
}
#: The most the route reads into memory; a chart is about 50 KB, a summary PDF about 100 KB.
MAX_MEDIA_BYTES = 10 * 1024 * 1024
SWEEP_EVERY_SECONDS = 3600.0
HEADERS = {
    "Cache-Control": "private, max-age=3600",
    "X-Content-Type-Options": "nosniff",
}


def is_media_name(name: str) -> bool:
    """True for a name the route may serve: a token and ``.png``, ``.pdf`` or ``.json``, nothing path-like."""
    return NAME_PATTERN.fullmatch(name) is not None


@dataclass(frozen=True)
class MediaStore:
    """The media directory and how long its files live."""

    directory: Path
    retention_seconds: float

    def read(self, name: str, now: float | None = None) -> bytes | None:
        """The file's bytes, or None when it is not servable (bad name, missing, expired, not a file).

        Opening with O_NOFOLLOW and checking the open descriptor (not the path) means the
        file checked is the file read: a symlink or a swap after the check is never served.
        """
        if not is_media_name(name):
            return None
        path = self.directory / name
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError as error:
            if error.errno not in (errno.ENOENT, errno.ELOOP, errno.ENOTDIR):
                logger.warning("media file could not be opened: %s", error.strerror)
            return None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MEDIA_BYTES:
                return None
            if self._expired(info.st_mtime, now):
                self._delete(path)
                return None
            with os.fdopen(os.dup(descriptor), "rb") as file:
                return file.read(MAX_MEDIA_BYTES)
        finally:
            os.close(descriptor)

    def save(self, content: bytes, suffix: str) -> str:
        """Store a file under a fresh random name (written aside, then renamed); its gateway URL."""
        url = save_file(content, suffix, self.directory)
        assert is_media_name(url.removeprefix("/media/")), suffix
        return url

    def delete(self, name: str) -> bool:
        """Delete one media file now (an erasure); False when the name is not one or it is gone."""
        return is_media_name(name) and self._delete(self.directory / name)

    def sweep(self, now: float | None = None) -> int:
        """Delete the expired media files; returns how many.

        Only names the route would serve are considered, so nothing else an operator keeps
        in the directory is touched; a symlink is removed as a link, never followed.
        """
        try:
            entries = list(os.scandir(self.directory))
        except FileNotFoundError:
            return 0
        except OSError as error:
            logger.warning("media directory could not be read: %s", error.strerror)
            return 0
        deleted = 0
        for entry in entries:
            if not is_media_name(entry.name):
                continue
            try:
                mtime = entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if self._expired(mtime, now) and self._delete(Path(entry.path)):
                deleted += 1
        return deleted

    async def sweep_forever(self, every: float = SWEEP_EVERY_SECONDS) -> None:
        """Sweep now and then every ``every`` seconds, until cancelled (the gateway's lifespan)."""
        await repeat(every, self._sweep_and_log, "media sweep")

    async def _sweep_and_log(self) -> None:
        deleted = await run_in_threadpool(self.sweep)
        if deleted:
            logger.info("deleted %d expired media files", deleted)

    def _expired(self, mtime: float, now: float | None) -> bool:
        return (time.time() if now is None else now) - mtime > self.retention_seconds

    @staticmethod
    def _delete(path: Path) -> bool:
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as error:
            logger.warning("expired media file could not be deleted: %s", error.strerror)
            return False
        return True


def media_route(store: MediaStore) -> Route:
    """``GET /media/{name}``: the PNG or PDF with private caching, or 404 for anything else."""

    async def media(request: Request) -> Response:
        name = request.path_params["name"]
        content = await run_in_threadpool(store.read, name)
        if content is None:
            return Response(status_code=404, headers={"X-Content-Type-Options": "nosniff"})
        media_type, extra = MEDIA_TYPES[name.rsplit(".", 1)[-1]]
        return Response(content, media_type=media_type, headers={**HEADERS, **extra})

    return Route("/media/{name}", media, methods=["GET"])
