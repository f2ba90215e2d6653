"""Helpers for the browser tests: strict (CSP-enforcing) pages, axe-core, Chromium's setup.

Two kinds of pages share one Chromium per session:

* a *strict* page enforces our Content-Security-Policy and records every CSP violation, console
  error, uncaught exception and failed request: what a visitor's browser would see;
* an *axe* page, whose context bypasses CSP only so that axe-core can be injected.

See /work/shared/TOOLCHAIN.md for why Debian's Chromium and these launch arguments.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers import emailed_path

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000

# Reports CSP violations to Python through a binding: bindings survive navigations and, unlike
# an injected <script>, are not subject to the page's CSP.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber} ${event.sample || ""}`.trimEnd()
  );
});
"""


@dataclass
class PageProblems:
    """What went wrong in a strict page: the visitor's browser console, in short."""

    csp: list = field(default_factory=list)
    console: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)

    def clear(self):
        for problems in (self.csp, self.console, self.page_errors, self.failed_requests):
            problems.clear()

    def as_text(self):
        return "\n".join(
            [f"CSP violation: {item}" for item in self.csp]
            + [f"console error: {item}" for item in self.console]
            + [f"uncaught error: {item}" for item in self.page_errors]
            + [f"failed request: {item}" for item in self.failed_requests]
        )


def _watch(page, problems):
    def on_console(message):
        if message.type == "error":
            problems.console.append(f"{message.text} ({message.location.get('url', '')})")

    def on_response(response):
        if response.status >= 400:
            problems.failed_requests.append(
                f"{response.request.method} {response.url}: HTTP {response.status}"
            )

    def on_request_failed(request):
        problems.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)


def new_strict_page(browser):
    """A page that enforces the site's CSP and records every problem a visitor would hit.

    Returns (context, page); the problems are on `page.problems`.
    """
    context = browser.new_context(locale="fr-FR", bypass_csp=False)
    context.set_default_timeout(TIMEOUT_MS)
    problems = PageProblems()
    context.expose_function("__reportCspViolation", lambda report: problems.csp.append(report))
    context.add_init_script(_CSP_LISTENER)
    page = context.new_page()
    _watch(page, problems)
    page.problems = problems
    return context, page


def new_axe_page(browser):
    """CSP is bypassed ONLY so that axe-core can be injected: never judge CSP with this page."""
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def wait_for_attribute(locator, name, value, *, timeout=TIMEOUT_MS):
    """Poll until `locator`'s attribute `name` is `value` (Playwright's expect). Under our CSP
    `page.wait_for_function("…")` cannot run a string (no 'unsafe-eval'): poll a selector or a
    locator instead."""
    expect(locator).to_have_attribute(name, value, timeout=timeout)


def wait_for_transitions(locator):
    """Resolve when the CSS transitions and animations on `locator` and inside it have ended
    (e.g. the DSFR's collapse): two frames for a script to start them, then their `finished`
    promises, instead of a fixed pause as long as the transition."""
    locator.evaluate(
        """(element) => new Promise((frame) => requestAnimationFrame(() =>
               requestAnimationFrame(frame)))
             .then(() => Promise.all(element.getAnimations({subtree: true})
               .map((animation) => animation.finished.catch(() => null))))"""
    )


def settle(page):
    """Wait for the DSFR's JavaScript to initialise (on pages that load it), then for pending
    events to be dispatched."""
    if page.locator("script[src*='dsfr']").count():
        page.wait_for_selector("html[data-fr-js='true']", state="attached")
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")


def assert_clean(page, what=None):
    """Fail on any CSP violation, console error, uncaught error or failed request so far."""
    problems = page.problems.as_text()
    assert not problems, f"{what or page.url}:\n{problems}"


def assert_clean_load(page, url):
    """Open `url` in a strict page and fail on anything a visitor's console would show."""
    page.problems.clear()
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.status == 200, f"{url}: HTTP {response.status}"
    settle(page)
    assert_clean(page, url)
    return response


def axe_violations(page):
    """Run axe-core (WCAG 2.0 and 2.1, levels A and AA) on the page as it is now."""
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run `npm install --no-audit --no-fund`")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """(tags) => axe.run(document, {
             runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
           })""",
        WCAG_TAGS,
    )
    return result["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    at {target}" for target in targets[:10]]
        if len(targets) > 10:
            lines.append(f"    … and {len(targets) - 10} more")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    """Inject axe-core into the current page and fail listing id, impact, help and targets."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core found {len(violations)} violation(s) on {page.url}:\n"
        + format_violations(violations)
    )


def axe_report(page, url):
    """Open `url` in an axe page; return axe's violations as text, '' when there are none."""
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.status == 200, f"{url}: HTTP {response.status}"
    settle(page)
    violations = axe_violations(page)
    return f"{url}\n{format_violations(violations)}" if violations else ""


def body_font_family(page):
    return page.evaluate("() => getComputedStyle(document.body).fontFamily")


def start_application(page, base, email):
    """Start an application in `page` as a candidate would: submit the start form, wait for its
    answer (« a link is on its way »), then open the resume link it emailed."""
    page.goto(base + "/hautes-etudes/candidater/")
    page.get_by_label("Votre adresse électronique").fill(email)
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer ma candidature").click()
    page.goto(base + emailed_path())
