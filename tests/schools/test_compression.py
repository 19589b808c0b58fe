"""Pages are compressed for slow connections; files already compressed are sent as they are."""

import gzip

from django.urls import reverse


def test_a_page_is_sent_compressed_to_a_browser_that_accepts_it(client, world):
    client.force_login(world.users["principal"])
    url = reverse("reports:dashboard", args=[world.a.pk])
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert world.a.name in page and len(packed.content) * 3 < len(page)


def test_a_pdf_is_sent_as_it_is(client, world):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from mitra.schools.compression import TextGZipMiddleware

    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    pdf = HttpResponse(b"%PDF-1.7 " + b"0" * 5000, content_type="application/pdf")
    html = HttpResponse(b"<p>" + b"0" * 5000, content_type="text/html; charset=utf-8")
    middleware = TextGZipMiddleware(lambda r: None)
    assert "Content-Encoding" not in middleware.process_response(request, pdf)
    assert middleware.process_response(request, html)["Content-Encoding"] == "gzip"
