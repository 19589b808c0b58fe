"""Reading WhatsApp chat exports: the two samples from real phone settings, the other formats
WhatsApp writes, and malformed files. Then the import into a partner's log, idempotent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from mitra.activities import communications, whatsapp
from mitra.activities.models import ChatMessage, Communication
from tests.conftest import SAMPLES

D = datetime.datetime


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def test_the_android_indonesian_sample():
    chat = whatsapp.parse(sample("whatsapp-android-id.txt"))
    assert chat.day_first and chat.platform == "android" and chat.unreadable == []
    rows = [(m.sent, m.sender, m.text, m.media, m.is_system) for m in chat.messages]
    assert rows[0][4] is True and rows[0][1] == "" and "dienkripsi" in rows[0][2]
    assert rows[1] == (
        D(2024, 3, 12, 14, 5),
        "Bu Siti Puskesmas",
        "Assalamu'alaikum Pak, jadwal penyuluhan gizi kelas 7 jadi hari Kamis?",
        "",
        False,
    )
    assert rows[2][2] == (
        "Wa'alaikumsalam Bu. Insya Allah jadi, jam 08.00 di aula.\nMohon dibawakan materi tentang anemia remaja juga."
    )
    assert rows[4] == (D(2024, 3, 14, 10, 15), "Pak Hadi (Waka Humas)", "", "<Media tidak disertakan>", False)
    assert rows[6][:2] == (D(2024, 3, 14, 10, 20), "Bu Siti Puskesmas")
    assert len(rows) == 7 and chat.senders == ["Bu Siti Puskesmas", "Pak Hadi (Waka Humas)"]


def test_the_ios_english_sample():
    chat = whatsapp.parse(sample("whatsapp-ios-en.txt"))
    assert not chat.day_first and chat.platform == "ios" and chat.unreadable == []
    system, first, second, photo, last = chat.messages
    assert system.is_system and system.sender == "" and system.text.startswith("Messages and calls")
    assert (first.sent, first.sender) == (D(2024, 9, 2, 8, 1, 40), "Ustadz Mahmud")
    assert second.sender == "Mr. Hadi" and second.sent == D(2024, 9, 2, 8, 5, 2)
    assert photo.media == "00000012-PHOTO-2024-09-02-08-06-30.jpg" and photo.text == ""
    assert last.text == "Received. 32 students,\ntwo groups of 16." and last.sent == D(2024, 9, 2, 8, 10, 44)


@pytest.mark.parametrize(
    "line,sent,sender,text",
    [
        ("3/12/24, 2:05 PM - Siti: Hello", D(2024, 3, 12, 14, 5), "Siti", "Hello"),  # Android en-US
        ("12/03/2024, 14:05 - Siti: Halo", D(2024, 3, 12, 14, 5), "Siti", "Halo"),  # Android, 4-digit year
        ("[12/03/24 14.05.12] Pak Hadi: Siap", D(2024, 3, 12, 14, 5, 12), "Pak Hadi", "Siap"),  # iOS Indonesian
        ("[3/12/24, 12:05:00\u202fAM] Siti: Malam", D(2024, 3, 12, 0, 5), "Siti", "Malam"),  # narrow no-break space
        ("13/03/24 07.00 - Ust. Ali: Ok: jadi", D(2024, 3, 13, 7, 0), "Ust. Ali", "Ok: jadi"),  # a colon in the text
    ],
)
def test_other_phone_settings(line, sent, sender, text):
    day_first = None if "PM" not in line and "AM" not in line else False
    chat = whatsapp.parse(line, day_first=day_first)
    (message,) = chat.messages
    assert (message.sent, message.sender, message.text) == (sent, sender, text)


def test_the_date_order_comes_from_the_dates_when_they_tell():
    month_first = "1/13/24, 9:00 AM - A: one\n1/14/24, 9:01 AM - B: two"
    assert not whatsapp.parse(month_first).day_first
    day_first = "13/01/24, 09:00 - A: one"
    assert whatsapp.parse(day_first).messages[0].sent == D(2024, 1, 13, 9, 0)
    # Ambiguous dates with a 24-hour clock read day-first, as an Indonesian phone writes them;
    # the person importing can say otherwise.
    ambiguous = "02/03/24 09.00 - A: satu"
    assert whatsapp.parse(ambiguous).messages[0].sent.month == 3
    assert whatsapp.parse(ambiguous, day_first=False).messages[0].sent.month == 2


def test_media_placeholders_and_attachments_with_captions():
    text = (
        "14/03/24 10.15 - Pak Hadi: IMG-20240314-WA0001.jpg (file terlampir)\nFoto kegiatan\n"
        "14/03/24 10.16 - Pak Hadi: <Media omitted>\n"
        "[14/03/24 10.17.00] Bu Siti: \u200egambar tidak disertakan\n"
    )
    first, second, third = whatsapp.parse(text, day_first=True).messages
    assert (first.media, first.text) == ("IMG-20240314-WA0001.jpg", "Foto kegiatan")
    assert second.media == "<Media omitted>" and third.media == "gambar tidak disertakan" and not third.is_system


def test_system_lines_without_a_sender_and_with_the_ios_mark():
    text = (
        "12/03/24 14.05 - Pak Hadi menambahkan Bu Siti\n"
        "12/03/24 14.06 - Pak Hadi mengubah subjek: Kerja sama UKS\n"
        "[12/03/24 14.07.00] Grup UKS: \u200ePak Hadi added Bu Siti\n"
    )
    messages = whatsapp.parse(text, day_first=True).messages
    assert [m.is_system for m in messages] == [True, True, True]
    assert [m.sender for m in messages] == ["", "", ""]


def test_malformed_lines_are_reported_and_the_rest_is_read():
    text = (
        "garbage before any message\n"
        "31/02/24 10.00 - A: a day that does not exist\n"
        "01/03/24 10.00 - A: fine\n"
        "a second line of the fine message\n"
        "\x00\x01 binary noise 99/99/99\n"
    )
    chat = whatsapp.parse(text, day_first=True)
    assert [n for n, _line in chat.unreadable] == [1, 2]
    (message,) = chat.messages
    assert message.text == "fine\na second line of the fine message\n\x00\x01 binary noise 99/99/99"


def test_the_same_words_in_the_same_minute_are_two_messages():
    text = "01/03/24 10.00 - A: ok\n01/03/24 10.00 - A: ok\n"
    first, second = whatsapp.parse(text, day_first=True).messages
    assert first.fingerprint != second.fingerprint


# --- The import ----------------------------------------------------------------------------------------


def _import(world, name="whatsapp-android-id.txt", partner=None, data=None):
    upload = SimpleUploadedFile(name, data if data is not None else (SAMPLES / name).read_bytes())
    return communications.import_chat(
        school=world.a, user=world.users["coordinator"], partner=partner or world.other_partner, upload=upload
    )


def test_import_makes_one_log_entry_per_day_and_a_second_import_adds_nothing(world):
    done = _import(world)
    assert (done.added, done.already_there, done.unreadable_count) == (7, 0, 0)
    days = Communication.objects.for_school(world.a).filter(partner=world.other_partner, is_chat_day=True)
    assert [d.occurred_on for d in days.order_by("occurred_on")] == [
        datetime.date(2024, 3, 12),
        datetime.date(2024, 3, 14),
    ]
    first_day = days.get(occurred_on=datetime.date(2024, 3, 12))
    assert first_day.people == "Bu Siti Puskesmas, Pak Hadi (Waka Humas)"
    assert first_day.summary.startswith("14.05 Bu Siti Puskesmas: Assalamu'alaikum Pak")
    again = _import(world)
    assert (again.added, again.already_there) == (0, 7)
    assert ChatMessage.objects.for_school(world.a).filter(partner=world.other_partner).count() == 7
    assert days.count() == 2


def test_a_longer_export_of_the_same_chat_adds_only_the_new_messages(world):
    original = (SAMPLES / "whatsapp-android-id.txt").read_text(encoding="utf-8")
    _import(world)
    longer = original + "15/03/24 08.00 - Bu Siti Puskesmas: Laporan sudah kami kirim.\n"
    done = _import(world, data=longer.encode())
    assert (done.added, done.already_there) == (1, 7)


def test_undoing_an_import_removes_its_messages_and_empty_days(world):
    done = _import(world)
    removed = communications.undo_import(chat_import=done, user=world.users["coordinator"])
    assert removed == 7
    assert not Communication.objects.for_school(world.a).filter(partner=world.other_partner).exists()


@pytest.mark.parametrize(
    "data,words",
    [
        (b"just some notes\nwithout any date\n", "No WhatsApp messages"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a plain text"),
        ("12/03/24 14.05 - A: é".encode("latin-1"), "UTF-8"),
        (b"", "empty"),
    ],
)
def test_files_that_are_not_chats_are_refused_and_nothing_is_saved(world, data, words):
    with pytest.raises(ValidationError) as refused:
        _import(world, name="chat.txt", data=data)
    assert words in " ".join(refused.value.messages)
    assert not ChatMessage.objects.for_school(world.a).exists()


# --- The date order is the whole file's; chat text is text ------------------------------------------------

# An Android phone set to English (US) with a 24-hour clock: month first. The third message quotes a line
# whose date fits no order (month 13 or 25).
MONTH_FIRST_WITH_ONE_IMPOSSIBLE_DATE = (
    "3/12/24 14:05 - Bu Siti Puskesmas: Assalamu'alaikum Pak, jadwal penyuluhan jadi hari Kamis?\n"
    "3/12/24 14:07 - Pak Hadi: Insya Allah jadi. Catatan lama yang saya salin:\n"
    "25/13/24 08:00 - aula dipakai ujian\n"
    "mohon diabaikan\n"
    "3/14/24 10:16 - Pak Hadi: Alhamdulillah kegiatan berjalan lancar.\n"
    "3/14/24 10:20 - Bu Siti Puskesmas: Sama-sama Pak.\n"
)


def test_one_impossible_date_does_not_turn_the_whole_chat_around():
    chat = whatsapp.parse(MONTH_FIRST_WITH_ONE_IMPOSSIBLE_DATE)
    assert not chat.day_first
    assert [m.sent for m in chat.messages] == [
        D(2024, 3, 12, 14, 5),
        D(2024, 3, 12, 14, 7),
        D(2024, 3, 14, 10, 16),
        D(2024, 3, 14, 10, 20),
    ]
    # The line is reported with its number and kept as text of the message before it.
    assert chat.misdated == [(3, "25/13/24 08:00 - aula dipakai ujian")] and chat.unreadable == []
    assert chat.messages[1].text == (
        "Insya Allah jadi. Catatan lama yang saya salin:\n25/13/24 08:00 - aula dipakai ujian\nmohon diabaikan"
    )


def test_the_order_most_dates_fit_wins_and_the_others_are_kept_as_text():
    # Day-first only in one line (14/03), month-first only in three: month first, the one line reported.
    text = (
        "3/12/24 09:00 - A: satu\n"
        "3/14/24 09:01 - B: dua\n"
        "14/03/24 09:02 - B: tiga\n"
        "3/15/24 09:03 - A: empat\n"
        "3/16/24 09:04 - A: lima\n"
    )
    chat = whatsapp.parse(text)
    assert not chat.day_first and [n for n, _line in chat.misdated] == [3]
    assert [m.text for m in chat.messages] == ["satu", "dua\n14/03/24 09:02 - B: tiga", "empat", "lima"]


def test_when_every_date_fits_both_orders_the_order_that_keeps_time_moving_forward_wins():
    text = "01/02/24 09.00 - A: satu\n02/02/24 09.00 - B: dua\n01/03/24 09.00 - A: tiga\n"
    assert whatsapp.parse(text).day_first
    text = "1/2/24 09:00 - A: one\n1/3/24 09:00 - B: two\n2/1/24 09:00 - A: three\n"
    assert not whatsapp.parse(text).day_first


def test_a_date_that_fits_no_order_with_no_message_before_it_is_left_out():
    chat = whatsapp.parse("31/02/24 10.00 - A: x\n01/03/24 10.00 - A: y\n")
    assert chat.unreadable == [(1, "31/02/24 10.00 - A: x")] and chat.misdated == []


def test_the_import_reports_the_line_kept_as_text_in_the_users_language(world, client):
    done = _import(world, name="chat.txt", data=MONTH_FIRST_WITH_ONE_IMPOSSIBLE_DATE.encode())
    assert (done.added, done.day_first, done.unreadable_count) == (4, False, 1)
    days = Communication.objects.for_school(world.a).filter(partner=world.other_partner, is_chat_day=True)
    assert sorted(d.occurred_on for d in days) == [datetime.date(2024, 3, 12), datetime.date(2024, 3, 14)]
    coordinator = world.users["coordinator"]
    coordinator.language = "id"
    coordinator.save(update_fields=["language"])
    client.force_login(coordinator)
    page = client.get(reverse("activities:chat_import_report", args=[world.a.pk, done.pk])).content.decode()
    assert "disimpan sebagai teks pesan sebelumnya" in page and "baris 3" in page
    assert "25/13/24 08:00 - aula dipakai ujian" in page


@pytest.mark.parametrize(
    "words",
    [
        "<script>alert('x')</script> ini bukan skrip, hanya teks",
        '<a href="https://example.org/x">daftar hadir</a>',
        "<!DOCTYPE html><html><body>contoh</body></html>",
    ],
)
def test_a_chat_holding_markup_is_stored_as_the_text_it_is_and_shown_escaped(world, client, words):
    data = f"12/03/24 14.05 - Bu Siti: {words}\n12/03/24 14.06 - Pak Hadi: Siap\n".encode()
    done = _import(world, name="chat.txt", data=data)
    assert done.added == 2
    stored = ChatMessage.objects.for_school(world.a).get(sender="Bu Siti")
    assert stored.text == words
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("activities:communication", args=[world.a.pk, stored.day_id])).content.decode()
    assert escape(words) in page and words not in page
    log = client.get(reverse("activities:communications", args=[world.a.pk])).content.decode()
    assert words not in log
