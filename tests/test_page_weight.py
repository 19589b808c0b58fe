"""A page's first load — HTML plus the CSS and scripts it pulls — stays under 150 KB compressed,
and every asset comes from this server."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

BUDGET = 150 * 1024
PAGES = [("reports:dashboard", {}), ("partners:list", {}), ("partners:create", {})]


def first_load_bytes(html: str) -> tuple[int, list[str]]:
    total = len(gzip.compress(html.encode(), 6))
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by Mitra itself"
        path = finders.find(asset.removeprefix("/static/"))
        assert path, f"{asset} is referenced but not found"
        with open(path, "rb") as f:
            total += len(gzip.compress(f.read(), 6))
    return total, assets


@pytest.mark.parametrize("name,kwargs", PAGES, ids=[p[0] for p in PAGES])
def test_first_load_is_within_budget(principal_client, world, name, kwargs):
    html = principal_client.get(reverse(name, kwargs={"school_id": world.a.pk, **kwargs})).content.decode()
    total, assets = first_load_bytes(html)
    assert any(a.endswith("htmx-2.min.js") for a in assets)
    assert total <= BUDGET, f"{name}: {total / 1024:.1f} KB compressed"
