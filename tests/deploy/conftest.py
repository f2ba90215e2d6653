import pytest

from tests.deploy.stack import Stack


@pytest.fixture(scope="package")
def stack(tmp_path_factory):
    """nginx → gunicorn, Celery worker and beat, aiosmtpd, redis-server: started once for
    tests/deploy."""
    running = Stack(tmp_path_factory.mktemp("deploy"))
    try:
        yield running.start_all()
    finally:
        running.stop()
