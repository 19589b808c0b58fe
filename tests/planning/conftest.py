import pytest

from mitra.planning import services


@pytest.fixture
def plan(world):
    """A fresh, empty draft for the current year (the shared world's sample plan is removed)."""
    world.plan.delete()
    world.a.mission = "Pendidikan bermutu\nMembangun citra sekolah\nAkses pelatihan bagi guru"
    world.a.save()
    return services.plan_create(school=world.a, user=world.users["coordinator"], academic_year=world.year)
