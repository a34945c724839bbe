"""The chart image route: what it serves, what it refuses, and how old images go away."""

import http.client
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.app import create_gateway
from bot.config import load_settings
from bot.media import MediaStore, is_media_name
from tests.fakes.server import serve

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DAY = 86400.0


def token_name() -> str:
    return f"{secrets.token_urlsafe(24)}.png"


def put(directory: Path, name: str, content: bytes = PNG, age_days: float = 0.0) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(content)
    then = time.time() - age_days * DAY
    os.utime(path, (then, then))
    return path


@pytest.fixture
def media_dir(project: Path) -> Path:
    return project / "var" / "media"


@pytest.fixture
def gateway_url(gateway_settings) -> Iterator[str]:
    with serve(create_gateway(gateway_settings()).app) as url:
        yield url


def get_raw(base_url: str, path: str) -> http.client.HTTPResponse:
    """GET ``path`` exactly as written: no client-side normalising of ``..`` or ``%2F``."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_a_chart_is_served_as_a_private_png(gateway_url, media_dir):
    name = token_name()
    put(media_dir, name)
    parts = urlsplit(gateway_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    connection.request("GET", f"/media/{name}")
    response = connection.getresponse()
    assert response.status == 200
    assert response.read() == PNG
    assert response.getheader("Content-Type") == "image/png"
    assert response.getheader("Cache-Control") == "private, max-age=3600"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    connection.close()


def test_a_summary_pdf_is_served_as_a_private_download(gateway_url, media_dir):
    pdf = b"%PDF-1.4\n" + b"%" * 64
    name = f"{secrets.token_urlsafe(24)}.pdf"
    put(media_dir, name, content=pdf)
    response = get_raw(gateway_url, f"/media/{name}")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Disposition") == 'attachment; filename="orienta-summary.pdf"'
    assert response.getheader("Cache-Control") == "private, max-age=3600"


@pytest.mark.parametrize(
    "path",
    [
        "/media",
        "/media/",
        "/media/short.png",
        "/media/{token}.PNG",
        "/media/{token}.jpg",
        "/media/{token}.png.txt",
        "/media/{token}",
        "/media/.{token}.png",
        "/media/{token}.png%0A",
        "/media/{long}.png",
        "/media/..%2F{outside}",
        "/media/..%2f{outside}",
        "/media/%2E%2E%2F{outside}",
        "/media/../{outside}",
        "/media/..%5C{outside}",
        "/media/%2F{outside}",
        "/media/..%2F..%2Fendpoints.yml",
    ],
)
def test_anything_but_an_existing_token_name_is_404(gateway_url, media_dir, path):
    token = secrets.token_urlsafe(24)
    put(media_dir, f"{token}.png")
    put(media_dir, f".{token}.png")
    outside = token_name()
    put(media_dir.parent, outside)  # a valid-looking name one level up must stay out of reach
    response = get_raw(gateway_url, path.format(token=token, long="a" * 65, outside=outside))
    assert response.status == 404


def test_a_missing_chart_is_404(gateway_url, media_dir):
    media_dir.mkdir(parents=True)
    assert get_raw(gateway_url, f"/media/{token_name()}").status == 404


def test_without_a_media_directory_charts_are_404(gateway_url):
    assert get_raw(gateway_url, f"/media/{token_name()}").status == 404


def test_an_expired_chart_is_404_and_deleted_when_asked_for(gateway_url, media_dir):
    name = token_name()
    path = put(media_dir, name, age_days=7.5)
    assert get_raw(gateway_url, f"/media/{name}").status == 404
    assert not path.exists()


def test_a_symlink_in_the_media_directory_is_never_followed(gateway_url, media_dir, project):
    secret = put(project, "secret.png")
    name = token_name()
    media_dir.mkdir(parents=True)
    (media_dir / name).symlink_to(secret)
    assert get_raw(gateway_url, f"/media/{name}").status == 404
    assert secret.exists()


def test_a_directory_with_a_token_name_is_404(gateway_url, media_dir):
    name = token_name()
    (media_dir / name).mkdir(parents=True)
    assert get_raw(gateway_url, f"/media/{name}").status == 404


def test_expired_charts_are_swept_when_the_gateway_starts(project, fake_rasa, media_dir):
    old, new = put(media_dir, token_name(), age_days=8), put(media_dir, token_name(), age_days=1)
    rasa, rasa_url = fake_rasa
    env = {"ORIENTA_RASA_PORT": str(urlsplit(rasa_url).port), "ORIENTA_RASA_TOKEN": rasa.token}
    with serve(create_gateway(load_settings(env, project)).app):
        deadline = time.monotonic() + 5
        while old.exists():
            assert time.monotonic() < deadline, "the start-up sweep did not delete the expired chart"
            time.sleep(0.02)
    assert new.exists()


def test_sweep_deletes_old_charts_keeps_new_ones_and_leaves_other_files_alone(tmp_path):
    store = MediaStore(tmp_path, retention_seconds=7 * DAY)
    old = put(tmp_path, token_name(), age_days=7.1)
    new = put(tmp_path, token_name(), age_days=6.9)
    notes = put(tmp_path, "README.txt", b"kept", age_days=30)
    partial = put(tmp_path, f"{token_name()}.tmp", age_days=30)
    target = put(tmp_path / "elsewhere", token_name(), age_days=30)
    link = tmp_path / token_name()
    link.symlink_to(target)
    os.utime(link, (time.time() - 30 * DAY,) * 2, follow_symlinks=False)

    assert store.sweep() == 2
    assert not old.exists() and not link.is_symlink()
    assert new.exists() and notes.exists() and partial.exists() and target.exists()


def test_sweep_of_a_missing_directory_does_nothing(tmp_path):
    assert MediaStore(tmp_path / "none", retention_seconds=DAY).sweep() == 0


def test_retention_counts_from_the_files_modification_time(tmp_path):
    store = MediaStore(tmp_path, retention_seconds=DAY)
    name = token_name()
    put(tmp_path, name)
    assert store.read(name) == PNG
    assert store.read(name, now=time.time() + 2 * DAY) is None
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("a" * 20 + ".png", True),
        ("a" * 64 + ".png", True),
        ("A-b_9" * 6 + ".png", True),
        ("a" * 19 + ".png", False),
        ("a" * 65 + ".png", False),
        ("a" * 32 + ".png\n", False),
        ("a" * 32 + ".png/", False),
        ("../" + "a" * 32 + ".png", False),
        ("a" * 16 + "/" + "a" * 16 + ".png", False),
        ("a" * 32 + ".svg", False),
        ("a" * 32 + ".pdf", True),
        ("a" * 32 + ".pdf.png.pdf", False),
        ("a" * 32 + ".PDF", False),
    ],
)
def test_only_token_names_are_media_names(name, ok):
    assert is_media_name(name) is ok
