from django.urls import reverse


def test_the_switcher_of_a_large_foundation_shows_a_dozen_schools_and_how_many_more(client, world):
    from mitra.schools.models import School

    for i in range(20):
        School.objects.create(foundation=world.f1, name=f"Madrasah {i:02d}", level="mi")
    client.force_login(world.users["foundation_admin"])
    page = client.get(reverse("foundations:overview", args=[world.f1.pk])).content.decode()
    menu = page[page.index('class="menu"') : page.index("</details>")]
    total = School.objects.filter(foundation=world.f1).count()
    assert menu.count("/s/") == 12
    assert f"dan {total - 12} sekolah lainnya" in menu or f"and {total - 12} more schools" in menu
