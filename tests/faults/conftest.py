"""The fault suite: real processes, broken on purpose, one stack for the whole suite.

Every test here breaks something (kills a process, locks the database, makes an API fail),
says in its docstring what the user sees, and checks that no user message is lost and that
their order is kept. Rasa takes half a minute to load its model, so the stack is started once;
each test leaves it running as it found it.
"""

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import responses  # noqa: F401 - the same fixture: each response's first text
from tests.e2e.stack import free_ports
from tests.fakes.jobtech_api import FakeJobTech
from tests.fakes.server import serve
from tests.fakes.telegram import FakeTelegram
from tests.faults.stack import FaultStack


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def jobtech() -> Iterator[FakeJobTech]:
    # A fixed port, so a test can stop the fake and bring it back where Orienta expects it.
    with FakeJobTech(port=free_ports(1)[0]) as api:
        yield api


@pytest.fixture(scope="session")
def telegram() -> Iterator[tuple[FakeTelegram, str]]:
    fake = FakeTelegram()
    with serve(fake.app()) as api:
        yield fake, api


@pytest.fixture(scope="session")
def faults(tmp_path_factory, jobtech, telegram) -> Iterator[FaultStack]:
    fake, api = telegram
    stack = FaultStack.start(tmp_path_factory.mktemp("faults-var"), jobtech, fake, api)
    yield stack
    stack.stop()


@pytest.fixture(autouse=True)
def healthy_api(jobtech) -> Iterator[None]:
    """Each test starts with the API answering, and with only the sample ads."""
    sample = set(jobtech.ads)
    jobtech.reset()
    yield
    jobtech.reset()
    if not jobtech.running:
        jobtech.start()
    for ad_id in set(jobtech.ads) - sample:
        jobtech.remove_ad(ad_id)
