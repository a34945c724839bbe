"""One real stack for the whole e2e session: Rasa takes ~30 s to load a model.

Later issues' e2e tests should use the ``stack`` fixture rather than start
their own.
"""

from collections.abc import AsyncIterator, Iterator

import pytest
import yaml

from bot.config import PROJECT_DIR
from tests.e2e.chat_client import AsyncChat
from tests.e2e.stack import SplitStack, Stack


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Iterator[Stack]:
    running = Stack.start(tmp_path_factory.mktemp("var"))
    yield running
    assert running.stop() == 0, running.log.read_text()[-4000:]


@pytest.fixture(scope="session")
def backend(tmp_path_factory) -> Iterator[SplitStack]:
    """Rasa and the action server without the launcher, shared by the Telegram modules.

    Their tests start gateways of their own against it, and one stops and restarts Rasa (it
    leaves it running). One pair for the session saves a Rasa model load (~40 s) per module.
    """
    running = SplitStack.start(tmp_path_factory.mktemp("tg-var"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def responses() -> dict[str, str]:
    """The first text of each response in domain.yml, so tests follow edits."""
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())
    return {name: variants[0]["text"] for name, variants in domain["responses"].items() if "text" in variants[0]}


@pytest.fixture
async def chat(stack: Stack) -> AsyncIterator[AsyncChat]:
    """A web chat client (the widget's socket.io protocol) connected to the session's stack."""
    client = await AsyncChat.open(stack.url)
    yield client
    await client.close()
