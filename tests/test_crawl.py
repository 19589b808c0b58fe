"""No 5xx from input: as each role, every page reachable from where that role starts is requested
plainly, as htmx asks for it (`HX-Request`), and with junk in its query string; no answer may be a
server error (issue 21). And every date and time a page shows is in the one style (config/formats):
no ISO day, no "Des." month, no seconds (issue 24).

The crawl follows the links (`href`, `hx-get`) of each page it reaches, within the site; it visits a
page once per route and set of query names (the hundredth activity adds nothing the first did not).
The junk goes into the names the page's own GET forms use and into names pages commonly read.
"""

import random
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.conftest import add_agreements, add_evaluation, add_implementation, add_letters, add_reports, build_world

ROLES = (
    "principal",
    "coordinator",
    "team_member",
    "admin_staff",
    "committee_viewer",
    "partner_rep",
    "foundation_admin",
    "foundation_viewer",
)
JUNK = (
    "'",
    '"><script>alert(1)</script>',
    "9" * 25,
    "-1",
    "0",
    "abc",
    "2026-13-45",
    "%",
    "\x00",
    "١٢٣",  # Arabic-Indic digits
    "",
)
COMMON_NAMES = ("page", "q", "sort", "year", "partner", "status", "format", "plan", "semester", "month", "kind", "area")
SKIP = ("/static/", "/admin/", "/accounts/logout", "/accounts/language")
PAGES_PER_ROLE = 400
# A date or time as the database or Python prints it, or Django's default month abbreviations, in the
# text a person reads (attributes such as <time datetime> and date inputs are for machines).
OTHER_DATE_STYLE = re.compile(
    r"\b\d{4}-\d\d-\d\d\b|\b\d\d?[:.]\d\d[:.]\d\d\b|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Agu|Sep|Oct|Okt|Nov|Dec|Des)\.(?=\s\d)"
)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.form_names: set[str] = set()
        self.text: list[str] = []
        self._in_get_form = False
        # Inside script, style or textarea, or an element marked data-formats (the import page names the
        # ways a date may be typed, 2024-03-12 among them): not dates the page shows.
        self._unread, self._unread_tags = 0, []

    def handle_data(self, data):
        if not self._unread and data.strip():
            self.text.append(data)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "textarea") or "data-formats" in attrs:
            self._unread += 1
            self._unread_tags.append(tag)
        for key in ("href", "hx-get"):
            if attrs.get(key):
                self.links.append(attrs[key])
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._in_get_form and attrs.get("name"):
            self.form_names.add(attrs["name"])

    def handle_endtag(self, tag):
        if self._unread_tags and tag == self._unread_tags[-1]:
            self._unread_tags.pop()
            self._unread -= 1
        if tag == "form":
            self._in_get_form = False


def _inside(link: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _key(url: str):
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name, tuple(sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}))


@pytest.fixture(scope="module")
def crawl_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    media = tmp_path_factory.mktemp("crawl-files")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield add_reports(add_evaluation(add_implementation(add_letters(add_agreements(build_world()))))), media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _start(world, role: str) -> list[str]:
    if role.startswith("foundation"):
        return [reverse("home"), reverse("foundations:overview", kwargs={"foundation_id": world.f1.pk})]
    return [reverse("home"), reverse("reports:dashboard", kwargs={"school_id": world.a.pk})]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_reachable_by_a_role_answers_a_server_error(db, crawl_world, settings, role):
    world, media = crawl_world
    settings.MEDIA_ROOT = media
    client = Client(raise_request_exception=False)  # a server error is counted, and the crawl goes on
    client.force_login(world.users[role])
    rng = random.Random(role)
    queue, seen, failures, visited, styles = deque(_start(world, role)), set(), [], 0, []
    while queue and visited < PAGES_PER_ROLE:
        url = queue.popleft()
        key = _key(url)
        if key is None or key in seen:
            continue
        seen.add(key)
        visited += 1
        with transaction.atomic():
            page = client.get(url)
            transaction.set_rollback(True)
        if page.status_code >= 500:
            failures.append(f"{page.status_code} GET {url}")
            continue
        if page.status_code in (301, 302, 303) and _inside(page["Location"]):
            queue.append(_inside(page["Location"]))  # e.g. where a partner's representative starts
        if not page.get("Content-Type", "").startswith("text/html") or page.streaming:
            continue
        parser = _Page()
        parser.feed(page.content.decode(errors="replace"))
        queue.extend(link for link in map(_inside, parser.links) if link)
        styles.extend(f"{url}: {text.strip()[:80]}" for text in parser.text if OTHER_DATE_STYLE.search(text))
        path = urlsplit(url).path
        names = sorted(parser.form_names | set(COMMON_NAMES))
        tries = [
            ("htmx", url, {"HTTP_HX_REQUEST": "true"}),
            ("htmx+junk", _junk(path, names, rng), {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}),
            ("junk", _junk(path, names, rng), {}),
            ("junk", _junk(path, names, rng), {}),
        ]
        for label, target, headers in tries:
            with transaction.atomic():
                response = client.get(target, **headers)
                transaction.set_rollback(True)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} GET ({label}) {target}")
    print(f"crawl {role}: {visited} pages, {visited * 5} requests")  # noqa: T201 (the figures for the notes)
    assert visited >= (15 if role == "partner_rep" else 40), f"the crawl reached only {visited} pages as {role}"
    assert not failures, f"{len(failures)} server errors as {role} ({visited} pages):\n" + "\n".join(failures)
    assert not styles, f"dates in another style as {role}:\n" + "\n".join(sorted(set(styles)))


def _junk(path: str, names: list[str], rng: random.Random) -> str:
    chosen = rng.sample(names, k=min(len(names), rng.randint(1, 4)))
    pairs = [(name, rng.choice(JUNK)) for name in chosen]
    if rng.random() < 0.3:  # the same name twice, as a hand-edited URL may have it
        pairs.append((chosen[0], rng.choice(JUNK)))
    return f"{path}?{urlencode(pairs)}"
