"""`{% kept "name" kinds="activities partners" extra … %}…{% endkept %}`: a part of a school's page
computed once and kept in the "fragments" cache (settings.CACHES) until data of a kind it shows changes.

`kinds` names the kinds of the school's data the part shows (schools/freshness.py: activities,
partners, agreements, evaluation, plan, letters, school, year; "any" for all of them); a part that names
none, or a kind that does not exist, is an error when the template is compiled. The key holds
everything the part may depend on besides its own extra values: the school (its id and when it was
made, so a new school with a reused id starts afresh), the state of each kind it shows (the latest
mark, read with the person's access at the start of the request), the day, the language, the release
(schools/release.py: a new one draws its parts afresh), and who
looks (role and, for a partner's representative, the partner). The part's figures are computed only when the kept
copy is missing: the view hands them over as lazy objects.

A kept part may hold POST forms: it is rendered with a stand-in for the CSRF token, and each reading
puts in the token of the request that reads it, so a copy never carries another person's token."""

import contextlib
from contextvars import ContextVar

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from mitra.schools import freshness, release

register = template.Library()

# What {% csrf_token %} writes into a kept copy in place of the token. Letters, digits and hyphens only,
# so escaping never changes it; text a user typed that happened to hold it would show the reader
# their own token, on their own page, and nothing more.
CSRF_STAND_IN = "kept-csrf-token-5b0c9e7d41a3"


# Where a page's kept copies, read in one query at its first {% kept %}, wait for the others.
_READ = "kept:read"
_KEYS = "kept:keys"
_COMMON = "kept:common"


def _common(context) -> tuple[dict, list]:
    """What every part's key holds besides its kinds and its own values, told once a page."""
    access = context["access"]
    school = access.school
    marks = access.marks
    if marks is None:  # an access made without them (a command, a test): read them now
        marks = freshness.latest(school.pk)
    shared = [
        release.fingerprint(),
        school.pk,
        school.created_at.isoformat(),
        timezone.localdate().isoformat(),
        translation.get_language(),
        *access.roles,
        access.partner_id or "",
    ]
    return marks, shared


class KeptNode(template.Node):
    def __init__(self, nodelist, name: str, kinds: tuple[str, ...], vary_on: list):
        self.nodelist, self.name, self.kinds, self.vary_on = nodelist, name, kinds, vary_on

    def key(self, context) -> str:
        found = context.render_context.get(_KEYS, {}).get(self)
        if found is not None:  # told when the page's copies were read, and nothing in it varies
            return found
        common = context.render_context.get(_COMMON)
        if common is None:
            common = context.render_context[_COMMON] = _common(context)
        marks, shared = common
        parts = [*shared, freshness.key_of(marks, self.kinds), *(value.resolve(context) for value in self.vary_on)]
        return make_template_fragment_key(f"school:{self.name}", parts)

    def _read_all(self, context, cache) -> tuple[set, dict]:
        """The kept copies of every part of the page, in one query: a page kept in parts (the
        dashboard) reads them as one. A part whose key cannot be told yet (in a loop) reads its own."""
        read = context.render_context.get(_READ)
        if read is None:
            page = context.template
            nodes = getattr(page, "kept_nodes", None)
            if nodes is None and page is not None:  # found once per compiled template
                nodes = page.kept_nodes = page.nodelist.get_nodes_by_type(KeptNode)
            told = {node: node.key(context) for node in nodes or ()}
            context.render_context[_KEYS] = {node: key for node, key in told.items() if not node.vary_on}
            keys = set(told.values())
            read = context.render_context[_READ] = (keys, cache.get_many(keys) if keys else {})
        return read

    def render(self, context):
        key = self.key(context)
        cache = caches["fragments"]
        asked, found = self._read_all(context, cache)
        computed = _computed.get()
        kept = found.get(key) if key in asked else (computed or {}).get(key) or cache.get(key)
        if kept is None:
            with context.push(csrf_token=CSRF_STAND_IN):
                kept = self.nodelist.render(context)
            if computed is None:
                cache.set(key, kept)  # for the cache's TIMEOUT: the key names the day, older copies expire
            else:
                computed[key] = kept  # written with the page's other parts (parts_written_once)
        if CSRF_STAND_IN in kept:
            # The kept copy was rendered (and escaped) by the template; the token is letters and digits.
            kept = mark_safe(kept.replace(CSRF_STAND_IN, str(context.get("csrf_token", ""))))  # noqa: S308
        return kept


# The parts computed while a page kept in several parts renders (`parts_written_once`), by key.
_computed: ContextVar[dict | None] = ContextVar("kept_computed", default=None)


@contextlib.contextmanager
def parts_written_once():
    """Around the rendering of a page kept in several parts: the parts computed afresh are written
    to the cache together once the page has rendered, in one statement (FragmentCache.set_many),
    instead of one statement each as they are computed; a page that fails writes none. Without it a
    computed part is written at once."""
    computed: dict = {}
    token = _computed.set(computed)
    try:
        yield
    finally:
        _computed.reset(token)
    if computed:
        caches["fragments"].set_many(computed)  # for the cache's TIMEOUT: keys name the day


USAGE = '{% kept "part" kinds="activities partners" extra … %}'


def _kinds(bits: list[str]) -> tuple[str, ...]:
    named = [bit for bit in bits if bit.startswith("kinds=")]
    if len(named) != 1:
        raise template.TemplateSyntaxError(f"{{% kept %}} names the kinds of data it shows once: {USAGE}")
    words = named[0].removeprefix("kinds=").strip("\"'").split()
    if words == ["any"]:
        return freshness.KINDS
    unknown = [word for word in words if word not in freshness.KINDS]
    if unknown or not words:
        raise template.TemplateSyntaxError(
            f"{{% kept %}}: unknown kinds {unknown or 'none'}; choose from {', '.join(freshness.KINDS)} or any"
        )
    return tuple(kind for kind in freshness.KINDS if kind in words)  # one order, whatever the template's


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{{% kept %}} needs a name and kinds: {USAGE}")
    kinds = _kinds(bits[2:])
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    extra = [parser.compile_filter(bit) for bit in bits[2:] if not bit.startswith("kinds=")]
    return KeptNode(nodelist, bits[1].strip("\"'"), kinds, extra)
