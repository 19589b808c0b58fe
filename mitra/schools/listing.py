"""Paging for list pages: the page, and the query string that keeps the filters on page links;
and the text of a list's search box."""

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.utils.functional import SimpleLazyObject

PAGE_SIZE = 25


def paginate(
    request, items, per_page: int = PAGE_SIZE, prepare: Callable[[list], None] | None = None
) -> tuple[Page, str]:
    """The page is read when it is first looked at, not here: a list whose copy is kept
    (`{% kept %}`) then costs no query at all. `prepare` is given the page's rows once they are read."""

    def read() -> Page:
        page = Paginator(items, per_page).get_page(request.GET.get("page"))
        if prepare is not None:
            prepare(page.object_list)
        return page

    query = request.GET.copy()
    query.pop("page", None)
    return SimpleLazyObject(read), query.urlencode()


SEARCH_LENGTH = 100


def search_text(query) -> str:
    """The `q` of a list's search box, trimmed and capped (a query string is not a place for essays)."""
    return (query.get("q") or "").strip()[:SEARCH_LENGTH]
