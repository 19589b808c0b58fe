"""At 360 px, the coordinator walks the five planning steps for the demo school's next-year draft and
submits it; the principal approves it."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from mitra.demo import data
from mitra.planning.models import Plan
from tests.browser.conftest import WAIT

PHONE = {"width": 360, "height": 740}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna atau e-mail").fill(username)
    page.get_by_label("Sandi", exact=True).fill(data.DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("navigation", name="Siklus kemitraan")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_coordinator_plans_and_the_principal_approves(browser, live_server):
    call_command("demo", verbosity=0)
    draft = Plan.all_schools.get(status="draft")
    plan_url = live_server.url + reverse("planning:plan", kwargs={"school_id": draft.school_id, "plan_id": draft.pk})
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))

    log_in(page, live_server, "humas")
    page.goto(plan_url)
    expect(page.get_by_text("Draf").first).to_be_visible()

    # 1. A goal grounded in values, serving a line of the mission.
    page.get_by_role("link", name="Tujuan dan nilai").click()
    page.get_by_role("link", name="Tambah tujuan").click()
    page.get_by_label("Tujuan", exact=True).fill("Budaya literasi")
    page.get_by_label("Menyelenggarakan pendidikan yang bermutu dan berkarakter Islami").check()
    page.get_by_label(re.compile("ta'awun —")).check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name=re.compile("Budaya literasi"))).to_be_visible()

    # 2. A need, a candidate partner, scored and selected with its reason.
    page.get_by_role("link", name=re.compile("^← Rencana")).click()
    page.get_by_role("link", name="Kebutuhan dan potensi mitra").click()
    page.get_by_role("link", name="Tambah kebutuhan").click()
    page.get_by_label("Kebutuhan", exact=True).fill("Pojok baca di setiap kelas")
    page.get_by_label("Bidang").select_option("literacy")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("listitem").filter(has_text="Pojok baca").get_by_role("link", name="Pilih mitra").click()
    page.get_by_label("Mitra", exact=True).select_option(label="Yayasan Pustaka Anak Bangsa (demo)")
    page.get_by_role("button", name="Tambahkan sebagai calon").click()
    page.get_by_role("link", name="Beri skor").click()
    page.get_by_label("Relevansi dengan kebutuhan (30)").select_option("5")
    page.get_by_label("Kapasitas (20)").select_option("4")
    page.get_by_label("Keputusan").select_option("selected")
    page.get_by_label("Alasan").fill("Sudah menghibahkan buku tahun lalu.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("cell", name="4,60")).to_be_visible()  # (30×5 + 20×4) / 50, in Indonesian notation

    # 3. The work plan: a programme serving the goal, with a planned activity.
    page.get_by_role("link", name=re.compile("^← Rencana")).click()
    page.get_by_role("link", name="Rencana kerja").click()
    page.get_by_role("link", name="Tambah program").click()
    page.get_by_label("Program", exact=True).fill("Gerakan Literasi Sekolah")
    page.get_by_label("Budaya literasi").check()
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("article").filter(has_text="Gerakan Literasi Sekolah").get_by_role(
        "link", name="Tambah kegiatan terencana"
    ).click()
    page.get_by_label("Kegiatan", exact=True).fill("Peresmian pojok baca")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Peresmian pojok baca")).to_be_visible()

    # 4. The agreement lives in the Agree section.
    page.get_by_role("link", name=re.compile("^← Rencana")).click()
    page.get_by_role("link", name="Perjanjian").click()
    expect(page.get_by_role("heading", name="Kesepakatan", exact=True)).to_be_visible()

    # 5. A socialization forum.
    page.goto(plan_url)
    page.get_by_role("link", name="Sosialisasi").click()
    page.get_by_role("link", name="Tambah forum").click()
    page.get_by_label("Forum", exact=True).fill("Sosialisasi gerakan literasi")
    page.get_by_label("Tanggal").fill(f"{draft.academic_year.start_date.year}-07-20")
    page.get_by_label("Orang tua").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Sosialisasi gerakan literasi")).to_be_visible()

    page.goto(plan_url)
    page.get_by_role("button", name="Ajukan kepada kepala sekolah").click()
    expect(page.get_by_text("Menunggu persetujuan kepala sekolah.")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the plan page scrolls sideways by {overflow}px at 360 px"

    page.locator("summary", has_text="Nur").click()
    page.get_by_role("button", name="Keluar").click()
    # Logging out first clears what the app kept on the phone (offline.js), then leaves for the login page.
    expect(page.get_by_role("button", name="Masuk")).to_be_visible()
    log_in(page, live_server, "kepala")
    page.goto(plan_url)
    page.get_by_label("Komentar").fill("Disetujui, mulai dengan pojok baca.")
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_text("Disetujui").first).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == Plan.Status.APPROVED
    assert not problems, problems
    context.close()
