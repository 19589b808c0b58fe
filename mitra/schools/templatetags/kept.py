"""`{% kept "name" extra … %}…{% endkept %}`: a part of a school's page computed once and kept in the
"fragments" cache (settings.CACHES) until the school's data changes.

The key holds everything the part may depend on besides its own extra values: the school (its id and
when it was made, so a new school with a reused id starts afresh), when its data last changed
(School.data_changed_at, moved on by every recorded write), the day, the language, and who looks (role
and, for a partner's representative, the partner). The part's figures are computed only when the kept
copy is missing: the view hands them over as lazy objects.

A kept part may hold POST forms: it is rendered with a stand-in for the CSRF token, and each reading
puts in the token of the request that reads it, so a copy never carries another person's token."""

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

register = template.Library()

# What {% csrf_token %} writes into a kept copy in place of the token. Letters, digits and hyphens only,
# so escaping never changes it; text a user typed that happened to hold it would show the reader
# their own token, on their own page, and nothing more.
CSRF_STAND_IN = "kept-csrf-token-5b0c9e7d41a3"


class KeptNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        access = context["access"]
        school = access.school
        parts = [
            school.pk,
            school.created_at.isoformat(),
            school.data_changed_at.isoformat() if school.data_changed_at else "",
            timezone.localdate().isoformat(),
            translation.get_language(),
            *access.roles,
            access.partner_id or "",
            *(value.resolve(context) for value in self.vary_on),
        ]
        key = make_template_fragment_key(f"school:{self.name}", parts)
        cache = caches["fragments"]
        kept = cache.get(key)
        if kept is None:
            with context.push(csrf_token=CSRF_STAND_IN):
                kept = self.nodelist.render(context)
            cache.set(key, kept)  # for the cache's TIMEOUT: the key names the day, older copies expire
        if CSRF_STAND_IN in kept:
            # The kept copy was rendered (and escaped) by the template; the token is letters and digits.
            kept = mark_safe(kept.replace(CSRF_STAND_IN, str(context.get("csrf_token", ""))))  # noqa: S308
        return kept


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% kept %} needs a name: {% kept "part" extra … %}')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]])
