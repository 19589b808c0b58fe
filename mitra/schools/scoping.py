"""The scoped manager every school-owned model uses: no query runs without naming its school."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext as _


class SchoolScopeMissing(RuntimeError):
    """Raised when school data is queried without a school; never fall back to every school."""


class SchoolScopedQuerySet(models.QuerySet):
    pass


class SchoolScopedManager(models.Manager.from_queryset(SchoolScopedQuerySet)):
    """`Model.objects.for_school(school)` is the way in; `Model.objects.all()` raises.

    Django's own machinery (related managers, uniqueness checks, admin, deletion) uses the model's
    default manager, which is the plain `all_schools` manager declared first on `SchoolOwned`.
    """

    def get_queryset(self):
        raise SchoolScopeMissing(
            f"{self.model.__name__}.objects needs a school: use .for_school(school), "
            f"or {self.model.__name__}.all_schools where every school is really meant."
        )

    def for_school(self, school) -> SchoolScopedQuerySet:
        if school is None:
            raise SchoolScopeMissing(f"{self.model.__name__}.objects.for_school() was given no school")
        return super().get_queryset().filter(school=school)

    def for_schools(self, schools) -> SchoolScopedQuerySet:
        """Rows of several schools at once, e.g. for a foundation overview; the caller names them."""
        return super().get_queryset().filter(school__in=schools)


def require_same_school(school, *rows) -> None:
    """Refuse links to another school's rows (a service's last check on ids that came from outside)."""
    if any(row is not None and row.school_id != school.pk for row in rows):
        raise ValidationError(_("A linked record belongs to another school."))


class SchoolOwned(models.Model):
    """Base of every row that belongs to one school; the school is on the row itself so that the
    data can later be sharded by school."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")

    # Declared first, so it is the default manager Django's machinery uses; app code uses `objects`.
    all_schools = models.Manager()
    objects = SchoolScopedManager()

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name: it backs every get_FOO_display)
        """Django's builds a dict of the field's choices at every call, hashing each lazily translated
        label (translating it) on the way: 7–14 % of a list page's time. The dict is made once per
        field; its labels stay lazy, so each is still said in the language of the request."""
        labels = field.__dict__.get("_mitra_labels")
        if labels is None:
            labels = field._mitra_labels = dict(field.flatchoices)
        value = getattr(self, field.attname)
        return force_str(labels.get(value, value), strings_only=True)
