"""At 360 px, the coordinator drafts an MoU from a template for a demo partner, fills in what the
template asks for, and downloads it as Word and as PDF; both files are read back."""

import re

import docx
import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from mitra.demo import data
from mitra.schools.models import School
from tests.browser.conftest import WAIT

from .test_planning_flow import PHONE, log_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_coordinator_drafts_an_mou_from_a_template_and_downloads_both_formats(browser, live_server):
    call_command("demo", verbosity=0)
    school = School.objects.get(name=data.MAIN_SCHOOL["name"])
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))

    log_in(page, live_server, "humas")
    page.goto(live_server.url + reverse("agreements:home", kwargs={"school_id": school.pk}))
    expect(page.get_by_text(re.compile("berakhir dalam 90 hari"))).to_be_visible()  # the demo's expiring PKS
    page.get_by_role("link", name="Susun kesepakatan").click()

    page.get_by_label("Mulai dari templat").select_option(label="Nota Kesepahaman")
    page.get_by_label("Jenis").select_option("mou")
    page.get_by_label("Judul").fill("Pembinaan Tahfidz Al-Qur'an")
    page.get_by_label("Pondok Pesantren Al-Hidayah").check()
    page.get_by_label("Berlaku sejak").fill("2026-12-01")
    page.get_by_label("Berlaku sampai").fill("2028-11-30")
    page.get_by_role("button", name="Buat draf").click()

    expect(page.get_by_role("heading", name="Pembinaan Tahfidz Al-Qur'an")).to_be_visible()
    expect(page.get_by_text(re.compile(r"memakai \{purpose\}"))).to_be_visible()  # what the document still needs

    page.get_by_role("link", name="Ubah", exact=True).first.click()
    page.get_by_label("Maksud dan tujuan").fill("Membina kemampuan membaca dan menghafal Al-Qur'an peserta didik.")
    page.get_by_label("Ruang lingkup").fill("a. pembinaan tahsin;\nb. setoran hafalan pekanan.")
    page.get_by_label("Tempat penandatanganan").fill("Pekalongan")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text(re.compile(r"memakai \{purpose\}"))).to_have_count(0)

    with page.expect_download() as word:
        page.get_by_role("link", name="Word").click()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click()
    assert word.value.suggested_filename.endswith(".docx") and pdf.value.suggested_filename.endswith(".pdf")
    word_text = "\n".join(p.text for p in docx.Document(word.value.path()).paragraphs)
    pdf_text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf.value.path()).pages)
    for text in (word_text, " ".join(pdf_text.split())):
        assert "NOTA KESEPAHAMAN" in text and "PONDOK PESANTREN AL-HIDAYAH" in text
        assert "berlaku selama 2 (dua) tahun" in text
    assert "setoran hafalan pekanan" in word_text

    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360 px"
    assert not problems, f"browser errors: {problems}"
    context.close()
