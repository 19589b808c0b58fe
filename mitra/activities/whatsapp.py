"""Reading a WhatsApp "Export chat" text file.

WhatsApp writes one line per message header, and the message's further lines below it:

    Android  12/03/24 14.05 - Bu Siti Puskesmas: Assalamu'alaikum …      (Indonesian phone)
             3/12/24, 2:05 PM - Siti: Hello …                            (English phone, US dates)
    iOS      [9/2/24, 8:01:12 AM] Ustadz Mahmud: Assalamu'alaikum …
             [12/03/24 14.05.12] Pak Hadi: …

Dates are day-first or month-first as the phone's region writes them; the file does not say which,
so the order is read from all the dates of the file together: the order every date fits (3/14/24 fits
only month-first, 14/3/24 only day-first); if none fits all, the order most dates fit; when both fit
as many, the order in which time moves forward through the file, then the clock (a 12-hour clock
means an English, month-first phone). The person importing can say otherwise. One odd date never
turns the whole chat around: a dated line that does not fit the order chosen (a date quoted in a
message, a day that does not exist) is reported with its number and kept as text of the message
before it. System lines (the encryption notice, someone added to a group) have no sender on Android
and begin with an invisible left-to-right mark on iOS. Media appear as placeholders. Other lines
that cannot be read are reported with their number, and the rest of the file is still read.
What the messages say is kept as plain text, whatever it holds (markup included)."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"
SPACE = r"[ \u00a0\u202f]"
DATE = r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"
TIME = (
    r"(?P<h>\d{1,2})[.:](?P<m>\d{2})(?:[.:](?P<s>\d{2}))?"
    rf"(?:{SPACE}*(?P<ampm>[AaPp]\.?{SPACE}?[Mm]\.?))?"
)
IOS = re.compile(rf"^\[{DATE},?{SPACE}+{TIME}\]{SPACE}(?P<rest>.*)$", re.DOTALL)
ANDROID = re.compile(rf"^{DATE},?{SPACE}+{TIME}{SPACE}[-–]{SPACE}(?P<rest>.*)$", re.DOTALL)

MEDIA_PATTERNS = (
    re.compile(r"^<(?:attached|terlampir|lampiran): (?P<name>[^>]+)>$", re.IGNORECASE),
    re.compile(r"^(?P<name>\S+\.\w{2,4}) \((?:file attached|file terlampir)\)$", re.IGNORECASE),
    re.compile(
        r"^(?P<name><Media omitted>|<Media tidak disertakan>|"
        r"(?:image|video|audio|sticker|document|GIF|Contact card) omitted|"
        r"(?:gambar|video|audio|stiker|dokumen|GIF|kartu kontak) tidak disertakan)$",
        re.IGNORECASE,
    ),
)
# Android writes system lines without "Name:"; a few carry a colon, so they are known by their words.
SYSTEM_WORDS = re.compile(
    r"end-to-end|dienkripsi|security code|kode keamanan|created group|membuat grup|"
    r"changed the (?:subject|group)|mengubah (?:subjek|nama|ikon)",
    re.IGNORECASE,
)


@dataclass
class Message:
    line: int
    sent: datetime.datetime
    sender: str
    text: str
    media: str = ""
    is_system: bool = False
    fingerprint: str = ""


@dataclass
class Chat:
    messages: list[Message] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # left out: no message to keep them with
    misdated: list[tuple[int, str]] = field(default_factory=list)  # kept as text of the message before
    day_first: bool = True
    platform: str = ""

    @property
    def senders(self) -> list[str]:
        return sorted({m.sender for m in self.messages if m.sender and not m.is_system})


def _header(line: str):
    for platform, pattern in (("ios", IOS), ("android", ANDROID)):
        found = pattern.match(line)
        if found:
            return platform, found
    return None, None


def _when(header, day_first: bool) -> datetime.datetime:
    a, b, year = int(header["a"]), int(header["b"]), int(header["y"])
    day, month = (a, b) if day_first else (b, a)
    if year < 100:
        year += 2000
    hour, minute, second = int(header["h"]), int(header["m"]), int(header["s"] or 0)
    if header["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError("hour")
        pm = header["ampm"].lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    return datetime.datetime(year, month, day, hour, minute, second)


def _read(header, day_first: bool) -> datetime.datetime | None:
    try:
        return _when(header, day_first)
    except ValueError:
        return None


def _backward_steps(times) -> int:
    return sum(1 for before, after in zip(times, times[1:], strict=False) if after < before)


def guess_day_first(headers) -> bool:
    """The date order of the whole file: the one every date fits, else the one most dates fit; when
    both fit as many, the one in which time moves forward, then the clock (12-hour: month-first)."""
    read = {order: [_read(h, order) for h in headers] for order in (True, False)}
    fitting = {order: sum(1 for sent in read[order] if sent is not None) for order in (True, False)}
    if fitting[True] != fitting[False]:
        return fitting[True] > fitting[False]
    steps = {order: _backward_steps([sent for sent in read[order] if sent is not None]) for order in (True, False)}
    if steps[True] != steps[False]:
        return steps[True] < steps[False]
    return not any(h["ampm"] for h in headers)


def _body(rest: str, platform: str) -> tuple[str, str, bool]:
    """(sender, text, is_system) of what follows the date and time."""
    sender, colon, text = rest.partition(": ")
    if not colon or (platform == "android" and SYSTEM_WORDS.search(sender)):
        return "", rest.strip(MARKS).strip(), True
    if text.startswith("\u200e") and not any(p.match(text.strip(MARKS)) for p in MEDIA_PATTERNS):
        return "", text.strip(MARKS).strip(), True  # iOS marks system lines; the "sender" is the chat's name
    return sender.strip(MARKS).strip(), text.strip(MARKS), False


def _media(text: str) -> tuple[str, str]:
    """(placeholder or file name, remaining text) when the message is an attachment."""
    first, _newline, more = text.partition("\n")
    for pattern in MEDIA_PATTERNS:
        found = pattern.match(first.strip(MARKS).strip())
        if found:
            return found["name"], more.strip()
    return "", text


def _fingerprint(message: Message, seen: dict) -> str:
    # Minutes only: Android exports have no seconds, so the same chat exported from another phone
    # still matches. The same words from the same person in the same minute are counted apart.
    key = f"{message.sent:%Y-%m-%d %H:%M}|{message.sender}|{message.text}|{message.media}"
    seen[key] = seen.get(key, 0) + 1
    return hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()


def parse(text: str, *, day_first: bool | None = None) -> Chat:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    heads = []
    for number, raw in enumerate(lines, start=1):
        platform, found = _header(raw.lstrip(MARKS))
        heads.append((number, raw, platform, found))
    headers = [found for _n, _r, _p, found in heads if found]
    chat = Chat(day_first=guess_day_first(headers) if day_first is None else day_first)
    platforms = {p for _n, _r, p, _f in heads if p}
    chat.platform = platforms.pop() if len(platforms) == 1 else ("mixed" if platforms else "")
    current = None
    for number, raw, platform, found in heads:
        sent = _read(found, chat.day_first) if found else None
        if found and sent is None:
            # A date that does not fit the file's order: most often a date quoted in a message.
            if current is None:
                chat.unreadable.append((number, raw[:200]))
            else:
                chat.misdated.append((number, raw[:200]))
                current.text += "\n" + raw
            continue
        if found:
            sender, body, is_system = _body(found["rest"], platform)
            current = Message(number, sent, sender, body, is_system=is_system)
            chat.messages.append(current)
        elif current is not None:
            current.text += "\n" + raw
        elif raw.strip(MARKS).strip():
            chat.unreadable.append((number, raw[:200]))
    seen = {}
    for message in chat.messages:
        message.text = message.text.strip()
        if not message.is_system:
            message.media, message.text = _media(message.text)
        message.fingerprint = _fingerprint(message, seen)
    return chat
