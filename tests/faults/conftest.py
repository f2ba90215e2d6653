import pytest

from tests.deploy.stack import Stack


@pytest.fixture
def broker_stack(tmp_path):
    """The deployed stack of tests/deploy, whose redis-server of its own (free port) the test
    may stop and restart without disturbing anyone else: (stack, broker)."""
    stack = Stack(tmp_path)
    try:
        yield stack.start_all(), stack.redis
    finally:
        stack.stop()
