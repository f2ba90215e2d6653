import pytest

from tests.deploy.stack import Stack


@pytest.fixture(scope="package")
def stack(tmp_path_factory):
    """nginx → gunicorn, Celery worker and beat, aiosmtpd: started once for tests/deploy."""
    running = Stack(tmp_path_factory.mktemp("deploy"))
    try:
        running.prepare()
        demo = running.load_demo()
        running.smtp.start()
        running.start_web()
        running.start_worker()
        running.start_beat()
        running.start_proxy()
        _out, err = demo.communicate(timeout=300)
        assert demo.returncode == 0, err[-3000:]
        running.wait_until_up()
        yield running
    finally:
        running.stop()
