"""On the new agreement form, templates in the reader's language come first and the others say
their language (an English template was mixed unmarked into the Indonesian list; issue 24)."""

from django.utils import translation

from mitra.agreements.forms import AgreementCreateForm
from mitra.agreements.models import Agreement, AgreementTemplate


def test_templates_in_the_readers_language_come_first_and_others_are_marked(world):
    AgreementTemplate.objects.for_school(world.a).create(
        school=world.a, name="A cooperation", kind="pks", language=Agreement.Language.EN
    )
    AgreementTemplate.objects.for_school(world.a).create(
        school=world.a, name="Z kerja sama", kind="pks", language=Agreement.Language.ID
    )
    for language, first, marked in (
        ("id", "Z kerja sama", "A cooperation · English"),
        ("en", "A cooperation", "Z kerja sama · Bahasa Indonesia"),
    ):
        with translation.override(language):
            labels = [label for _value, label in AgreementCreateForm(school=world.a).fields["template"].choices][1:]
        mine = [label for label in labels if "·" not in label]
        assert labels.index(first) < min(labels.index(label) for label in labels if "·" in label)
        assert marked in labels and first in mine
