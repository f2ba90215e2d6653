import pytest

from tests.deploy.stack import RedisServer, Stack, free_port


@pytest.fixture
def broker_stack(tmp_path):
    """The deployed stack of tests/deploy on a redis-server of its own (free port), which the
    test may stop and restart without disturbing anyone else: (stack, broker)."""
    broker = RedisServer(free_port())
    broker.start()
    stack = Stack(tmp_path, redis_url=broker.url)
    try:
        stack.prepare()
        demo = stack.load_demo()
        demo.communicate(timeout=300)
        stack.smtp.start()
        stack.start_web()
        stack.start_worker()
        stack.start_beat()
        stack.start_proxy()
        stack.wait_until_up()
        yield stack, broker
    finally:
        stack.stop()
        if broker.process.poll() is None:
            broker.stop()
