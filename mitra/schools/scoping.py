"""The scoped manager every school-owned model uses: no query runs without naming its school."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext as _


class SchoolScopeMissing(RuntimeError):
    """Raised when school data is queried without a school; never fall back to every school."""


class SchoolScopedQuerySet(models.QuerySet):
    """Rows of one school (`for_school`), or of several (`for_schools`). A write through it puts the
    row in the school the queryset names, and refuses a row of another school: writes go through the
    same door as reads, and `all_schools` stays for what really crosses schools."""

    _school = None  # the school of `for_school`; None for several schools

    def _clone(self):
        clone = super()._clone()
        clone._school = self._school
        return clone

    def _scoped(self, values: dict) -> dict:
        if self._school is None:
            raise SchoolScopeMissing(f"{self.model.__name__}: a write needs one school (use .for_school(school))")
        school_id = getattr(self._school, "pk", self._school)  # a school, or its id
        given = values.pop("school", None) or values.pop("school_id", None)
        if given is not None and getattr(given, "pk", given) != school_id:
            raise SchoolScopeMissing(f"{self.model.__name__}: a row of another school written through .for_school()")
        return {**values, "school_id": school_id}

    def create(self, **values):
        return super().create(**self._scoped(values))

    def get_or_create(self, defaults=None, **values):
        return super().get_or_create(defaults=defaults, **self._scoped(values))

    def update_or_create(self, defaults=None, create_defaults=None, **values):
        return super().update_or_create(defaults=defaults, create_defaults=create_defaults, **self._scoped(values))

    def bulk_create(self, rows, *args, **kwargs):
        """Through .for_school(): every row of that school. Through the manager: every row names
        its school (they may be of several, as a foundation's copy to its schools)."""
        rows = list(rows)
        for row in rows:
            if self._school is not None:
                row.school_id = self._scoped({"school_id": row.school_id})["school_id"]
            elif row.school_id is None:
                raise SchoolScopeMissing(f"{self.model.__name__}.objects.bulk_create(): a row names no school")
        return super().bulk_create(rows, *args, **kwargs)


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
        found = super().get_queryset().filter(school=school)
        found._school = school
        return found

    def bulk_create(self, rows, *args, **kwargs):
        """Many rows at once, each of which names its school: a row without one is refused."""
        return super().get_queryset().bulk_create(rows, *args, **kwargs)

    def none(self) -> SchoolScopedQuerySet:
        """No rows of any school: safe without naming one."""
        return super().get_queryset().none()

    def for_schools(self, schools) -> SchoolScopedQuerySet:
        """Rows of several schools at once, e.g. for a foundation overview; the caller names them."""
        return super().get_queryset().filter(school__in=schools)


class PersonScopedManager(SchoolScopedManager):
    """For rows that belong to a school but are read per person, across the schools they belong to
    (a person's notices): `for_person(user)` is a door of its own, so that reading them is not
    passing through `all_schools`. The row still names its school, and writes go through
    `for_school`."""

    person_field = "user"

    def for_person(self, user) -> SchoolScopedQuerySet:
        if user is None:
            raise SchoolScopeMissing(f"{self.model.__name__}.objects.for_person() was given no person")
        return models.Manager.get_queryset(self).filter(**{self.person_field: user})


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
