"""Every page a person can reach from their dashboard, in a real Chromium, as each role (issue 24's
acceptance): in Bahasa Indonesia on a 360 px phone and in English at 1366 px,

- nothing scrolls sideways (the page is no wider than the window);
- axe-core (tests/browser/assets/axe.min.js, MPL-2.0, vendored unchanged) finds no serious or
  critical violation;
- no English interface word shows on an Indonesian page, and no Indonesian one on an English page,
  except data: the words are those of the project's own catalogue found in one language only, minus
  every word of the data the pages show (read from the database);
- the title says what the page is ("Mitra · Mitra" did not).

Pages are found as tests/test_crawl.py finds them (links followed within the site, once per route and
set of query names), with Django's test client; each route is drawn once, by the first role that
reaches it, roles in an order that reaches the most with the fewest. It runs on SQLite only: the
pages are the same on PostgreSQL, and the crawl takes minutes."""

import gettext
import json
import re
from collections import deque
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.test import Client

from tests.browser.conftest import WAIT
from tests.conftest import add_agreements, add_evaluation, add_implementation, add_letters, add_reports, build_world
from tests.test_crawl import _inside, _key, _Page, _start

AXE = Path(__file__).parent / "assets" / "axe.min.js"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.mo"  # `make messages`
# The most reaching first: a later role draws only the routes the earlier ones did not reach.
ROLES = ("principal", "coordinator", "team_member", "committee_viewer", "partner_rep", "foundation_admin")
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1366, "height": 768}
SKIP_ROUTES = {"api:docs"}  # the API's reference page lists its English field names on purpose
WORD = re.compile(r"[^\W\d_]{3,}")
# Words both languages use that the catalogue happens to write in one only (names, loanwords).
# Names of languages are written in their own language ("English", "Bahasa Indonesia") on both.
SHARED = {"mitra", "whatsapp", "excel", "csv", "pdf", "word", "email", "api", "token", "npsn", "nsm", "url", "qr"}
SHARED |= {"english", "bahasa", "indonesia"}


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _vocabulary():
    """(English-only words, Indonesian-only words) of the project's catalogue."""
    english, indonesian = set(), set()
    with CATALOGUE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    for key, translated in catalogue.items():
        source = key[0] if isinstance(key, tuple) else key  # (msgid, n) for a plural's forms
        if not source or not translated:
            continue
        english |= _words(source.split("\x04")[-1])  # a context comes first, then \x04
        indonesian |= _words(translated)
    placeholders = {"n", "name", "count", "year", "date", "title"}
    return english - indonesian - SHARED - placeholders, indonesian - english - SHARED - placeholders


def _data_words() -> set[str]:
    """Every word of every text the database holds (JSON values too: an instrument's options): data,
    shown as it was written. Read again before each pass, as visiting a page may write a school's
    starting lists."""
    found = set()
    kinds = models.CharField | models.TextField | models.JSONField
    for model in apps.get_models():
        texts = [f.name for f in model._meta.concrete_fields if isinstance(f, kinds)]
        if not texts:
            continue
        manager = getattr(model, "all_schools", model._default_manager)
        for row in manager.values_list(*texts):
            found |= _words(
                " ".join(json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v for v in row if v)
            )
    return found


def _reachable(world, role, seen) -> list[str]:
    """The pages `role` reaches from where it starts, one per route not yet seen."""
    client = Client()
    client.force_login(world.users[role])
    queue, pages = deque(_start(world, role)), []
    while queue:
        url = queue.popleft()
        key = _key(url)
        if key is None or key in seen or key[0] in SKIP_ROUTES:
            continue
        seen.add(key)
        response = client.get(url)
        if response.status_code in (301, 302, 303) and _inside(response["Location"]):
            queue.append(_inside(response["Location"]))
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        if response.streaming:
            continue
        pages.append(url)
        parser = _Page()
        parser.feed(response.content.decode(errors="replace"))
        queue.extend(link for link in map(_inside, parser.links) if link)
    return pages


# What a person reads on the page: its text as drawn (innerText leaves out what is hidden), and the
# names, hints and titles that assistive technology reads out.
# A passage marked as written in another language (lang="id" on an English page: a standard's own
# wording) is data, not interface.
READ = """() => {
  const page = document.documentElement.lang;
  const foreign = [...document.body.querySelectorAll('[lang]')].filter(el => el.lang && el.lang !== page);
  foreign.forEach(el => { el.dataset.shown = el.style.display; el.style.display = 'none'; });
  const parts = [document.body.innerText, document.title];
  foreign.forEach(el => { el.style.display = el.dataset.shown; });
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')) {
    if (el.closest('[hidden], [aria-hidden=true]')) continue;
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      if (el.getAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join('\\n');
}"""
AUDIT = """async () => {
  const found = await axe.run(document, {resultTypes: ['violations']});
  return found.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def _check(page, url, language, foreign: set[str]) -> list[str]:
    problems = []
    page.goto(url)
    page.wait_for_load_state("load")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        problems.append(f"{language} {url}: {width[0]} px wide in a {width[1]} px window")
    title = page.title()
    if not title or title.split(" · ")[0].strip() in ("", "Mitra"):
        problems.append(f"{language} {url}: the title “{title}” does not say what the page is")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;0")
    problems += [f"{language} {url}: axe {v}" for v in page.evaluate(AUDIT)]
    strays = sorted(_words(page.evaluate(READ)) & foreign)
    if strays:
        problems.append(f"{language} {url}: words of the other language: {', '.join(strays[:12])}")
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_of_every_role_reads_well_on_a_phone_and_a_laptop(browser, live_server, settings, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the pages are the same on PostgreSQL; the crawl runs on SQLite")
    settings.MEDIA_ROOT = tmp_path
    world = add_reports(add_evaluation(add_implementation(add_letters(add_agreements(build_world())))))
    english_only, indonesian_only = _vocabulary()
    seen, problems, drawn = set(), [], 0
    for role in ROLES:
        pages = _reachable(world, role, seen)
        if not pages:
            continue
        user = world.users[role]
        client = Client()
        client.force_login(user)
        for language, viewport, words in (("id", PHONE, english_only), ("en", LAPTOP, indonesian_only)):
            foreign = words - _data_words()
            type(user).objects.filter(pk=user.pk).update(language=language)
            context = browser.new_context(viewport=viewport)
            context.set_default_timeout(WAIT)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
            page = context.new_page()
            for path in pages:
                problems += [f"{role} {p}" for p in _check(page, live_server.url + path, language, foreign)]
                drawn += 1
            context.close()
    print(f"every page: {len(seen)} routes, {drawn} drawings")  # noqa: T201 (the figures for the notes)
    assert drawn >= 150, f"only {drawn} pages were drawn"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
