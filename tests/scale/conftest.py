"""One scaled-out stack for the module: two of every Orienta process on PostgreSQL and Redis.

Starting it takes two Rasa model loads (about a minute each here), so it is started once.
"""

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import responses  # noqa: F401 - the same fixture: each response's first text
from tests.fakes.server import serve
from tests.fakes.telegram import FakeTelegram
from tests.scale.stack import ScaleStack


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/scale/" in str(item.fspath):
            item.add_marker(pytest.mark.scale)


@pytest.fixture(scope="module")
def telegram() -> Iterator[tuple[FakeTelegram, str]]:
    fake = FakeTelegram()
    with serve(fake.app()) as api:
        yield fake, api


@pytest.fixture(scope="module")
def scale(tmp_path_factory, postgres, redis_server, telegram) -> Iterator[ScaleStack]:
    fake, api = telegram
    stack = ScaleStack.start(tmp_path_factory.mktemp("scale-var"), postgres, redis_server, fake, api)
    yield stack
    stack.stop()
