"""bench/REPORT.md from the results of bench.run: machine, latency, curve, throughput, SQL,
memory, the levers of issue 14 with what each gains, the new ranking against today's, and
each target (issues 6 and 14) stated as met or not met with what explains it."""

import datetime
import os
import platform
import subprocess
from pathlib import Path
from urllib.parse import unquote

import psycopg

BENCH = Path(__file__).resolve().parent
P95_TARGET_MS = 100
GROWTH_TARGET = 2.0
CACHE_SHARE_TARGET = 0.70
# Issue 14: server-side p95 at 100,000 resources, growth over 10,000, search throughput.
TARGETS_14 = {"Search": 50, "Filtered lists": 50, "Resource list with facets": 30}
GROWTH_14 = 1.5
SEARCH_SHARE_14 = 0.30


def _run(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def machine():
    from bench.run import BASE_URL, CONNECTIONS, LOAD_SECONDS, WORKERS, database_url

    cpu = next(
        (line.split(":", 1)[1].strip() for line in _run("lscpu").splitlines()
         if line.startswith("Model name")),
        platform.processor(),
    )  # fmt: skip
    with psycopg.connect(database_url("postgres")) as connection:
        postgres = connection.execute("SELECT version()").fetchone()[0].split(" on ")[0]
    versions = _run(
        os.sys.executable, "-c",
        "import django, gunicorn, psycopg; print(f'Django {django.get_version()}, "
        "gunicorn {gunicorn.__version__}, psycopg {psycopg.__version__}')",
    )  # fmt: skip
    return [
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- `nproc`: {_run('nproc')} ({cpu}); `free -g`:",
        "",
        "  ```",
        *(f"  {line}" for line in _run("free", "-g").splitlines()),
        "  ```",
        f"- {postgres}; Redis {_redis_version()}; Python {platform.python_version()}, {versions}",
        f"- Load generator: {_run('wrk', '--version').splitlines()[0] if _wrk() else 'none'}"
        f" ({CONNECTIONS} connections, {LOAD_SECONDS} s per page group, on the same 2 cores)",
        f"- Server: gunicorn, {WORKERS} sync workers, production settings (`DJANGO_DEBUG=false`,"
        " generated secret key, `DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost`, "
        "`DJANGO_SECURE_SSL_REDIRECT=false` for plain HTTP on loopback, Redis cache), "
        f"databases `{BASE_URL.rsplit('/', 1)[-1]}_<size>`",
    ]


def _wrk():
    return bool(_run("sh", "-c", "command -v wrk"))


def _redis_version():
    from bench.run import REDIS_URL

    try:
        import redis

        return redis.Redis.from_url(REDIS_URL).info()["redis_version"]
    except Exception:  # noqa: BLE001  (the report says "unknown" rather than failing)
        return "unknown"


def _fmt(value):
    return "—" if value is None else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def _triple(stats):
    if not stats:
        return "—"
    return f"{_fmt(stats['p50'])} / {_fmt(stats['p95'])} / {_fmt(stats['p99'])}"


def _cell(row):
    """p50 / p95 / p99, with the requests that failed or were not made in the time allowed."""
    notes = []
    if row["errors"]:
        notes.append(f"{row['errors']} failed")
    if row["server"]["n"] < row.get("planned", 0):
        notes.append(f"{row['server']['n']} of {row['planned']} in the time allowed")
    return _triple(row["server"]) + (f" ({', '.join(notes)})" if notes else "")


def _size(size):
    return f"{size:,}".replace(",", " ")


def write_report(results, seconds):
    from bench.run import CEILING, FILTERED, GROUP_SECONDS, LOAD_SECONDS, SAMPLES, SEARCH

    sizes = sorted(results)
    largest = results[sizes[-1]]
    names = list(largest["rows"])
    lines = [
        "# Benchmark report",
        "",
        f'Written by `make bench BENCH_SIZES="{" ".join(map(str, sizes))}"` in '
        f"{seconds / 60:.0f} min; bench/README.md says how it measures. Figures from one run on "
        "one machine: compare ratios (× the ceiling), not absolute numbers, across machines.",
        "",
        "Measured: "
        + "; ".join(f"{_size(s)} at {results[s].get('measured_at', '?')}" for s in sizes)
        + " (one process per run; `BENCH_RESULTS_FROM` takes smaller sizes from an earlier "
        "run of the same code).",
        "",
        f"Parameters: {SAMPLES} requests per page group (`BENCH_SAMPLES`), {LOAD_SECONDS} s of "
        f"load per group (`BENCH_LOAD_SECONDS`), at most {GROUP_SECONDS} s per group "
        "(`BENCH_GROUP_SECONDS`).",
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Catalogues",
        "",
        "| Resources | visible | publications | events | applications | index entries | database |",
        "|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        c = results[size]["catalogue"]
        lines.append(
            f"| {_size(c['resources'])} | {_size(c['visible'])} | {_size(c['publications'])} | "
            f"{_size(c['events'])} | {_size(c['applications'])} | {_size(c['entries'])} | "
            f"{c['size']} |"
        )
    lines += [
        "",
        "## Latency, server-side, page cache off (ms: p50 / p95 / p99)",
        "",
        "Sequential requests on loopback; the time is gunicorn's own measure of each request "
        "(access log `%(D)s`), so the client's share of the two cores is left out. The page "
        "cache is off so that every request is computed (the search's own cache, per catalogue "
        "version, is on: each URL's first visit is computed, repeats are read from Redis); the "
        "× columns give the page's p50 as a multiple of the minimal view's at the same size.",
        "",
        "| Page | " + " | ".join(f"{_size(s)} resources | × ceiling" for s in sizes) + " |",
        "|---|" + "---|---|" * len(sizes),
    ]
    for name in names:
        cells = []
        for size in sizes:
            row = results[size]["rows"]
            base = row[CEILING]["server"]["p50"]
            ratio = row[name]["server"]["p50"] / base if base else None
            cells += [_cell(row[name]), _fmt(ratio)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += _round_rows(results, sizes)
    errors = sum(results[s]["rows"][n]["errors"] for s in sizes for n in names)
    client = largest["rows"][CEILING]["client"]
    lines += [
        "",
        f"Requests that did not answer 200: {errors} (a failed request counts with the time it "
        "took: PostgreSQL's statement timeout and gunicorn's worker timeout are both 30 s). As "
        f"the client saw it, the minimal view took {_triple(client)} ms (loopback and the "
        "client's own Python included).",
        "",
        "## The curve: search and filtered lists (server-side p95, ms)",
        "",
        "| Page | " + " | ".join(_size(s) for s in sizes) + " | largest / 10 000 |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    for name in (FILTERED, SEARCH, "Resource list with facets"):
        p95 = [results[s]["rows"][name]["server"]["p95"] for s in sizes]
        growth = (
            p95[-1] / results[10000]["rows"][name]["server"]["p95"] if 10000 in results else None
        )
        lines.append(f"| {name} | " + " | ".join(_fmt(v) for v in p95) + f" | {_fmt(growth)} |")
    lines += [
        "",
        "Load average of the machine (1 min) before and after each size's measures, to tell a "
        "quiet run from one that shared the cores with other work: "
        + "; ".join(
            f"{_size(s)}: {results[s]['loadavg_before'][0]:.1f} → "
            f"{results[s]['loadavg_after'][0]:.1f}"
            for s in sizes
        )
        + ".",
    ]
    lines += _rounds_note(results, sizes)
    lines += _counts_error(results, sizes)
    lines += _peer(results, sizes)
    lines += _targets_24(results, sizes)
    lines += _slowest(largest, sizes[-1])
    lines += _throughput(largest, sizes[-1], names)
    lines += _sql(results, sizes, names)
    lines += _plans(largest, sizes[-1])
    lines += _memory(results, sizes)
    lines += _levers(results, sizes)
    lines += _targets_14(results, sizes, names)
    lines += _targets(results, sizes, names)
    report = "\n".join(lines) + "\n"
    (BENCH / "REPORT.md").write_text(report)
    return report


ROUNDS = {
    "first": "Search, first visit",
    "repeated": "Search, repeated",
    "precomputed": "Search, first visit after a change (precomputed by the worker)",
    "stale": "Search, first visit after a change (not yet recomputed)",
}


def _round_rows(results, sizes):
    """The search rounds of bench.run.search_rounds, as rows of the latency table."""
    from bench.run import CEILING

    lines = []
    for key, label in ROUNDS.items():
        cells = []
        for size in sizes:
            stats = results[size].get("search_rounds", {}).get(key)
            base = results[size]["rows"][CEILING]["server"]["p50"]
            cells += [_triple(stats), _fmt(stats["p50"] / base) if stats and base else "—"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _rounds_note(results, sizes):
    from bench.run import QUERIES

    lines = [
        "",
        f"The four *Search, …* rows take the {len(QUERIES)} queries of `bench/queries.txt` one "
        "at a time (`bench.run.search_rounds`): *first visit*, nothing of the query computed "
        "in any catalogue version (the run's cache emptied, the facet bitmaps built as the "
        "worker builds them), and its *repeat* right after; then a change of the catalogue "
        "(a new version) followed by the worker's warm-up (`warm_search_index`, which computes "
        "the frequent queries: these were searched in the first round), then one visit each; "
        "then a change whose bitmaps are built but whose queries are not yet recomputed (the "
        "previous version's result is served while a task recomputes it). Seconds each step "
        "took: "
        + "; ".join(
            f"{_size(s)}: warm-up after the change "
            f"{results[s]['search_rounds'].get('warm_seconds', 0):.1f} s"
            for s in sizes
            if results[s].get("search_rounds")
        )
        + ".",
    ]
    for size in sizes:
        slowest = results[size].get("search_rounds", {}).get("slowest_first")
        if slowest:
            urls = ", ".join(f"`{unquote(url)}` {ms:.0f}" for url, ms in slowest)
            lines.append(f"- Slowest first visits at {_size(size)} (ms): {urls}")
    return lines


def _counts_error(results, sizes):
    lines = [
        "",
        "## Facet counts against exact SQL counts",
        "",
        "Each facet option's count as the search page shows it (`IndexedFacetedQuery`), "
        "compared with a count of the same option by an independent SQL statement over the "
        "resources' own columns and many-to-many tables (`bench/count_error.py`), for every "
        "query of `bench/queries.txt`.",
        "",
    ]
    for size in sizes:
        error = results[size].get("count_error")
        if not error:
            lines.append(f"- {_size(size)}: not measured.")
            continue
        for key, label in (("large", "options of 100 results or more"), ("all", "all options")):
            e = error.get(key)
            if e:
                lines.append(
                    f"- Facet counts at {_size(size)}, {label} ({e['options']}): median error "
                    f"{e['median_error_pct']:.1f} %, p90 {e['p90_error_pct']:.1f} %, max "
                    f"{e['max_error_pct']:.1f} %; {e['estimated_options']} shown as estimated."
                )
    return lines


def _peer(results, sizes):
    lines = ["", "## Peer", ""]
    found = [(s, results[s]["peer"]) for s in sizes if results[s].get("peer")]
    if not found:
        return [
            *lines,
            "Not measured in this run: no peer was given (`BENCH_PEER_URL`, bench/README.md, "
            "section *Peer*).",
        ]
    for size, peer in found:
        lines += [
            f"{peer['name']}, with the same titles and bodies ({_size(size)} resources), under "
            "the same gunicorn settings, the same queries interleaved with ours, server-side "
            "(ms: p50 / p95 / p99):",
            "",
            "| Search | INTS | peer | peer p50 / INTS p50 |",
            "|---|---|---|---|",
        ]
        for key, label in (("first", "first visit"), ("repeated", "repeated")):
            ours, theirs = peer["ours"][key], peer["peer"][key]
            ratio = theirs["p50"] / ours["p50"] if ours["p50"] else None
            lines.append(f"| {label} | {_triple(ours)} | {_triple(theirs)} | {_fmt(ratio)} × |")
    return lines


TARGETS_24 = {  # issue 24, at 100 000 resources, server-side p95 (ms)
    "first": 120,
    "repeated": 50,
}
LIST_24, FILTERED_24, GROWTH_24, SHARE_24, PEER_24 = 30, 50, 1.5, 0.30, 10


def _targets_24(results, sizes):
    from bench.run import CEILING, FILTERED, SEARCH

    lines = ["", "## Targets of issue 24", ""]
    if 100000 not in results or 10000 not in results:
        return [*lines, "- Not measured: this run has no 10 000 and 100 000 sizes."]
    big, small = results[100000], results[10000]

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    for key, target in TARGETS_24.items():
        stats, base = big["search_rounds"][key], small["search_rounds"][key]
        lines.append(
            f"- {ROUNDS[key]} at 100 000: p95 {_fmt(stats['p95'])} ms, target < {target} ms: "
            f"{verdict(stats['p95'] < target)}; {stats['p95'] / base['p95']:.2f} × its 10 000 "
            f"figure ({_fmt(base['p95'])} ms), target ≤ {GROWTH_24}: "
            f"{verdict(stats['p95'] <= GROWTH_24 * base['p95'])}."
        )
    for name, target in ((FILTERED, FILTERED_24), ("Resource list with facets", LIST_24)):
        stats, base = big["rows"][name]["server"], small["rows"][name]["server"]
        lines.append(
            f"- {name} at 100 000: p95 {_fmt(stats['p95'])} ms (p50 {_fmt(stats['p50'])}), "
            f"target < {target} ms: {verdict(stats['p95'] < target)}; "
            f"{stats['p95'] / base['p95']:.2f} × its 10 000 figure, target ≤ {GROWTH_24}: "
            f"{verdict(stats['p95'] <= GROWTH_24 * base['p95'])}."
        )
    load = big["rows"][SEARCH].get("load_nocache")
    if load:
        share = load["rps"] / load["ceiling_rps"]
        lines.append(
            f"- Search throughput at 100 000, page cache off: {share:.0%} of the minimal view, "
            f"target ≥ {SHARE_24:.0%}: {verdict(share >= SHARE_24)}."
        )
    error = big.get("count_error", {}).get("large")
    if error:
        lines.append(
            f"- Facet counts at 100 000 (options of 100 results or more): median error "
            f"{error['median_error_pct']:.1f} %, p90 {error['p90_error_pct']:.1f} %, targets "
            f"< 3 % and < 10 %: "
            f"{verdict(error['median_error_pct'] < 3 and error['p90_error_pct'] < 10)}."
        )
    for size in sizes:
        peer = results[size].get("peer")
        if peer:
            for key in ("first", "repeated"):
                ratio = peer["peer"][key]["p50"] / peer["ours"][key]["p50"]
                lines.append(
                    f"- Search p50 against the peer at {_size(size)}, {key}: {ratio:.1f} × "
                    f"faster, target ≥ {PEER_24} ×: {verdict(ratio >= PEER_24)}."
                )
    ceiling = big["rows"][CEILING]["server"]["p50"]
    lines.append(f"- Ceiling (minimal view) p50 at 100 000: {_fmt(ceiling)} ms.")
    return lines


def _slowest(largest, size):
    from bench.run import FILTERED, SEARCH

    lines = ["", f"Slowest URLs at {_size(size)} resources (server-side, ms):", ""]
    for name in (SEARCH, FILTERED):
        urls = ", ".join(
            f"`{unquote(item['url'])}` {item['ms']:,}".replace(",", " ")
            for item in largest["rows"][name].get("slowest", [])
        )
        lines.append(f"- {name}: {urls}")
    return lines


def _throughput(largest, size, names):
    from bench.run import CEILING

    ceiling = largest["rows"][CEILING]
    if not ceiling.get("load_cache"):
        return ["", "## Throughput", "", "Not measured: wrk is not installed."]
    lines = [
        "",
        f"## Throughput under load at {_size(size)} resources (wrk, requests/s)",
        "",
        "Each page group's URLs in turn, from cookie-free clients; with the page cache on "
        "(anonymous visitors, Redis) and off (every request computed). Share = the page's "
        "requests/s over the minimal view's, measured just before it on the same server (the "
        "ceiling's row gives the median of those runs).",
        "",
        "| Page | cache on: req/s | share of ceiling | p99 ms | cache off: req/s | "
        "share of ceiling | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in names:
        on, off = largest["rows"][name]["load_cache"], largest["rows"][name]["load_nocache"]
        share_on = on["rps"] / on["ceiling_rps"]
        share_off = off["rps"] / off["ceiling_rps"]
        lines.append(
            f"| {name} | {on['rps']:.0f} | {share_on:.0%} | {_fmt(on['p99_ms'])} | "
            f"{off['rps']:.0f} | {share_off:.0%} | {_fmt(off['p99_ms'])} | "
            f"{on['errors'] + off['errors']} |"
        )
    return lines


def _sql(results, sizes, names):
    largest = results[sizes[-1]]
    lines = [
        "",
        "## SQL queries per page",
        "",
        "Counted in-process with `CaptureQueriesContext` (Django test client, same settings, page "
        "cache off), on up to 10 URLs of each group; a range means the URLs of the group differ. "
        "Counts include the BEGIN and COMMIT of `ATOMIC_REQUESTS` (the minimal view's 2). "
        "Cold: the search cache emptied before the URL (its first visit after a change of the "
        "catalogue); warm: the same URL again. "
        f"SQL time (cold / warm) and cold slowest statement at {_size(sizes[-1])} resources.",
        "",
        "| Page | "
        + " | ".join(f"{_size(s)} cold / warm" for s in sizes)
        + " | SQL ms per page | slowest |",
        "|---|" + "---|" * len(sizes) + "---|---|",
    ]
    for name in names:
        cells = []
        for size in sizes:
            sql = results[size]["sql"][name]
            cells.append(
                f"{_range(sql['counts'])} / {_range(sql.get('warm_counts', sql['counts']))}"
            )
        sql = largest["sql"][name]
        slow = sql["slowest"]
        what = " ".join(slow["sql"].split())[:70].replace("|", "\\|")
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {sql['sql_ms_mean']:.1f} / "
            f"{sql.get('warm_sql_ms_mean', 0):.1f} | {slow['ms']:.1f} ms `{what}…` |"
        )
    for size in sizes:
        for name in names:
            for error in results[size]["sql"][name].get("errors", []):
                lines.append(
                    f"\n{name} at {_size(size)}: `{unquote(error['url'])}` answered "
                    f"{error['status']} (counted anyway)."
                )
    return lines


def _range(counts):
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}–{high}"


def _plans(largest, size):
    from bench.run import FILTERED, SEARCH

    lines = ["", f"### Slowest statements at {_size(size)} resources, with their plans", ""]
    for name in (SEARCH, FILTERED, "Resource list with facets"):
        slow = largest["sql"][name]["slowest"]
        if not slow.get("plan"):
            continue
        lines += [
            f"{name}: {slow['ms']:.1f} ms on `{unquote(slow.get('url', ''))}`"
            + ", replayed with EXPLAIN (ANALYZE, BUFFERS):",
            "",
            "```",
            " ".join(slow["sql"].split())[:400] + "…",
            *slow["plan"],
            "```",
            "",
        ]
    return lines


def _levers(results, sizes):
    lines = ["", "## Levers of issue 14, measured in-process (SQL and Python, median of 3, ms)", ""]
    for size in sizes:
        levers = results[size]["sql"].get("_levers")
        if not levers:
            continue
        lst = levers["list"]
        lines += [
            f"At {_size(size)} resources (RUM index on the ranking vector: "
            f"{'yes' if levers['rum'] else 'no'}). Each run on a new catalogue version, its "
            "facet bitmaps built first (as the worker does after a change).",
            "",
            "- Counts: one statement counting every facet over every match (before); the ids "
            "of every match counted on the bitmaps; the ids of the 4-in-64 sample counted on the "
            "bitmaps and scaled (kept, « environ » past 5 000 matches).",
            "- Page: today's ORDER BY ts_rank over every match; the two tiers with the first read "
            "under the whole-document condition; the two tiers with the first read in the RUM "
            "index's order (kept).",
            "",
            "| Query | counts: statement | every id | sample (kept) | "
            "page: today | tiers, whole doc. | tiers (kept) |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in levers["queries"]:
            lines.append(
                f"| `{row['query']}` | {_fmt(row['counts_statement'])} | "
                f"{_fmt(row['counts_every_id'])} | {_fmt(row['counts_sampled'])} | "
                f"{_fmt(row['page_today'])} | "
                f"{_fmt(row['page_tiers_whole'])} | {_fmt(row['page_tiers'])} |"
            )
        lines += [
            "",
            f"Query-less list's facet counts: {_fmt(lst['statement'])} ms in one statement, "
            f"{_fmt(lst['bitmaps'])} ms from the bitmaps held by the process. Building the "
            f"bitmaps of a version: {_fmt(lst['build_ms'])} ms, {lst['bytes'] / 1e6:.1f} MB "
            "in the cache (once per change, by the worker).",
            "",
        ]
    largest = results[sizes[-1]]["sql"].get("_levers")
    if largest:
        top = largest["top20"]
        same = sum(1 for t in top if t["same_order"])
        first = sum(1 for t in top if t["first_same"])
        kept = sum(t["kept"] for t in top) / max(1, sum(t["today"] for t in top))
        diffs = [t for t in top if not t["same_order"]]
        lines += [
            f"### The new order against today's ({_size(sizes[-1])} resources, "
            f"{len(top)} bench queries, first page)",
            "",
            f"Same top 20 in the same order: {same} of {len(top)}; same first result: {first}; "
            f"results of today's top 20 still in the new one: {kept:.0%}. Differences (kept of "
            "today's top 20): "
            + ", ".join(f"`{t['query']}` {t['kept']}/{t['today']}" for t in diffs)
            + ".",
        ]
    return lines


def _targets_14(results, sizes, names):
    from bench.run import CEILING, SEARCH

    lines = ["", "## Targets of issue 14", ""]
    if 100000 not in results or 10000 not in results:
        return [*lines, "- Not measured: this run has no 10 000 and 100 000 sizes."]
    for name in names:
        key = "Search" if name == SEARCH else name
        if key not in TARGETS_14:
            continue
        target = TARGETS_14[key]
        p95 = results[100000]["rows"][name]["server"]["p95"]
        p95_10k = results[10000]["rows"][name]["server"]["p95"]
        sql = results[100000]["sql"][name]
        lines.append(
            f"- {name} at 100 000: p95 {_fmt(p95)} ms, target < {target} ms: "
            f"**{'met' if p95 < target else 'not met'}**; {p95 / p95_10k:.2f} × the p95 at "
            f"10 000 ({_fmt(p95_10k)} ms), target ≤ {GROWTH_14}: "
            f"**{'met' if p95 <= GROWTH_14 * p95_10k else 'not met'}**. SQL per page "
            f"{sql['sql_ms_mean']:.0f} ms cold, {sql.get('warm_sql_ms_mean', 0):.0f} ms warm."
        )
    load = results[100000]["rows"][SEARCH].get("load_nocache")
    if load:
        share = load["rps"] / load["ceiling_rps"]
        on = results[100000]["rows"][SEARCH]["load_cache"]
        lines.append(
            f"- Search throughput at 100 000, page cache off: {load['rps']:.0f} requests/s, "
            f"{share:.0%} of the minimal view's, target ≥ {SEARCH_SHARE_14:.0%}: "
            f"**{'met' if share >= SEARCH_SHARE_14 else 'not met'}** (page cache on: "
            f"{on['rps'] / on['ceiling_rps']:.0%})."
        )
    ceiling = results[100000]["rows"][CEILING]["server"]["p50"]
    lines.append(f"- Ceiling (minimal view) p50 at 100 000: {_fmt(ceiling)} ms.")
    return lines


def _memory(results, sizes):
    largest = results[sizes[-1]]
    lines = ["", "## Memory per gunicorn worker (MiB, RSS / PSS)", ""]
    for key, label in (
        ("memory_after_latency", "after the latency run"),
        ("memory_after_load_nocache", "after load, page cache off"),
        ("memory_after_load_cache", "after load, page cache on"),
    ):
        if largest.get(key):
            workers = ", ".join(f"{rss:.0f} / {pss:.0f}" for rss, pss in largest[key])
            lines.append(f"- {label} ({_size(sizes[-1])} resources): {workers}")
    return lines


def _targets(results, sizes, names):
    from bench.run import CEILING, FILTERED, SEARCH

    lines = ["", "## Targets of issue 6 (earlier)", ""]
    if 100000 in results and 10000 in results:
        for name in (SEARCH, FILTERED):
            p95 = results[100000]["rows"][name]["server"]["p95"]
            p95_10k = results[10000]["rows"][name]["server"]["p95"]
            slow = results[100000]["sql"][name]["slowest"]
            sql_ms = results[100000]["sql"][name]["sql_ms_mean"]
            lines.append(
                f"- {name} at 100 000: p95 {p95:.0f} ms, target < {P95_TARGET_MS} ms: "
                f"**{'met' if p95 < P95_TARGET_MS else 'not met'}**; "
                f"{p95 / p95_10k:.2f} × the p95 at 10 000, target ≤ {GROWTH_TARGET:.0f}: "
                f"**{'met' if p95 <= GROWTH_TARGET * p95_10k else 'not met'}**. SQL takes "
                f"{sql_ms:.0f} ms of a page on average; its slowest statement ({slow['ms']:.0f} "
                f"ms, on `{slow.get('url', '')}`) is `{' '.join(slow['sql'].split())[:160]}…`"
            )
    else:
        lines.append(
            f"- Search and filtered lists at 100 000: not measured in this run (sizes {sizes}); "
            '`make bench BENCH_SIZES="1000 10000 100000"` measures them.'
        )
    largest = results[sizes[-1]]
    ceiling = largest["rows"][CEILING].get("load_cache")
    if ceiling:
        shares = {
            name: largest["rows"][name]["load_cache"]["rps"]
            / largest["rows"][name]["load_cache"]["ceiling_rps"]
            for name in names
            if name != CEILING
        }
        below = {n: s for n, s in shares.items() if s < CACHE_SHARE_TARGET}
        lines.append(
            f"- Anonymous pages with the page cache reach ≥ {CACHE_SHARE_TARGET:.0%} of the "
            f"ceiling's throughput at {_size(sizes[-1])} resources: "
            f"**{'met' if not below else 'not met'}**"
            + (
                " (" + ", ".join(f"{n}: {s:.0%}" for n, s in below.items()) + ")."
                if below
                else f" (lowest {min(shares.values()):.0%})."
            )
        )
    # The same URLs at every size (resource pages: comparable ones): compare each group's
    # counts size by size. Different URLs of one group may differ (a text query, attachments).
    varying, ranges = [], []
    for name in names:
        per_size = {size: sorted(results[size]["sql"][name]["counts"]) for size in sizes}
        if len({tuple(counts) for counts in per_size.values()}) > 1:
            varying.append(f"{name}: " + ", ".join(
                f"{sorted(set(c))} at {_size(s)}" for s, c in per_size.items()
            ))  # fmt: skip
        elif len(set(per_size[sizes[0]])) > 1:
            ranges.append(f"{name} {min(per_size[sizes[0]])}–{max(per_size[sizes[0]])}")
    lines.append(
        "- Query counts constant whatever the number of resources and results: "
        + (
            "**met**: each page group's counts are the same at every size"
            + (
                " (within a group, URLs differ by what the page shows, e.g. a text query or "
                "attachments: " + ", ".join(ranges) + ")."
                if ranges
                else "."
            )
            if not varying
            else "**not constant** across sizes for " + "; ".join(varying) + "."
        )
    )
    lines.append(
        "- Lighthouse scores: `make lighthouse` measures them separately (bench/LIGHTHOUSE.md)."
    )
    lines.append(
        "\nWhat bounds search and lists at this size, and what was done about it: "
        "bench/README.md, section *Search at 100 000*."
    )
    return lines
