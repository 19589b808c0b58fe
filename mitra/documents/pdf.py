"""HTML to PDF with WeasyPrint. Documents are drawn from Mitra's own templates; the only resources
they may load are data: URIs (the logo), so text a user typed can never make the server fetch a URL."""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
