"""The nginx site of docs/deploy.md: DSFR's stylesheet compressed on the wire with a year of
cache and the security headers, one copy of each header on pages, and the visitor's address in
both access logs and in the rate limits."""

import json
import re

from tests.deploy.stack import HOST, ROOT, wait_for

CSS = "dsfr/dist/dsfr/dsfr.min.css"


def raw_get(stack, path, *, address="127.0.0.1", headers=None):
    """The bytes as they came on the wire (not decompressed)."""
    visitor = stack.proxy(address)
    return visitor.pool.request(
        "GET",
        visitor.base + path,
        headers={"Host": HOST, **(headers or {})},
        decode_content=False,
        redirect=False,
    )


def hashed(name):
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return manifest["paths"][name]


def test_dsfr_stylesheet_arrives_gzip_compressed_with_a_year_of_cache_and_headers(stack):
    path = f"/static/{hashed(CSS)}"
    plain = raw_get(stack, path)
    compressed = raw_get(stack, path, headers={"Accept-Encoding": "gzip, br"})

    on_disk = (ROOT / "staticfiles" / hashed(CSS)).stat().st_size
    print(f"\nDSFR stylesheet on the wire: {len(compressed.data)} bytes gzip, {on_disk} plain")
    assert plain.status == compressed.status == 200
    assert "Content-Encoding" not in plain.headers and len(plain.data) == on_disk
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert len(compressed.data) == (ROOT / "staticfiles" / f"{hashed(CSS)}.gz").stat().st_size
    assert len(compressed.data) < on_disk / 5
    assert compressed.headers["Vary"] == "Accept-Encoding"
    assert compressed.headers["Cache-Control"] == "max-age=315360000"
    for response in (plain, compressed):
        assert response.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_unhashed_static_names_are_cached_an_hour_only(stack):
    response = raw_get(stack, f"/static/{CSS}")

    assert response.status == 200
    assert response.headers["Cache-Control"] == "max-age=3600"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_carry_each_security_header_once(stack):
    response = raw_get(stack, "/", headers={"Accept-Encoding": "gzip"})

    assert response.status == 200
    for header in (
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Resource-Policy",
        "X-Frame-Options",
    ):
        assert len(response.headers.getlist(header)) == 1, header
    assert response.headers["Content-Security-Policy"]  # the application's, with its nonce


def test_access_logs_and_rate_limits_see_the_visitors_address(stack):
    assert stack.proxy("127.0.7.7").get("/plan-du-site/").status == 200
    # A load balancer in front of nginx (127.0.0.1, set_real_ip_from) forwarding two visitors.
    balanced = [stack.proxy(headers={"X-Forwarded-For": f"203.0.113.{n}"}) for n in (9, 10)]
    assert balanced[0].get("/mentions-legales/").status == 200
    form = {"email": "alerte-lb@example.fr", "scope": "resources", "query": ""}
    statuses = [balanced[0].send("POST", "/alertes/", fields=form).status for _ in range(11)]
    other = balanced[1].send("POST", "/alertes/", fields=form).status

    assert statuses == [200] * 10 + [429]  # counted for 203.0.113.9…
    assert other == 200  # …not for the balancer
    nginx_log = stack.tmp / "logs" / "ints.access.log"
    wait_for(lambda: "/mentions-legales/" in nginx_log.read_text(), timeout=5, what="nginx log")
    lines = nginx_log.read_text().splitlines()
    assert re.match(r"127\.0\.7\.7 - ", _line(lines, "GET /plan-du-site/"))
    assert re.match(r"203\.0\.113\.9 - ", _line(lines, "GET /mentions-legales/"))
    gunicorn = stack.log("gunicorn").splitlines()
    assert re.match(r"127\.0\.7\.7 - - \[", _line(gunicorn, "GET /plan-du-site/"))
    assert re.match(r"203\.0\.113\.9 - - \[", _line(gunicorn, "GET /mentions-legales/"))


def _line(lines, request):
    return next(line for line in lines if request in line)


def test_nginx_error_pages_carry_the_security_headers_too(stack):
    response = raw_get(stack, "/static/absent.0123456789ab.css")

    assert response.status == 404
    assert response.headers["Server"].startswith("nginx")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
