"""What a school starts with; every list here is school-editable afterwards.

VALUES: DOMAIN.md §7 (the values the study and NU schools name), with short meanings in both languages.
CRITERIA: the selection criteria issue #3 names, weighted so that fit to the need counts most.
KIND_SUGGESTIONS: which kinds of partner usually meet a need in an area, from MODEL.md's activity
areas and partner kinds (health → health centre, safety → police, religious character → pesantren and
mosque, teacher competence → university, funding → committee and business, …).
"""

from mitra.partners.models import Area, Partner

VALUES = [
    (
        "ta'awun",
        "Saling menolong dalam kebaikan dan takwa (QS Al-Maidah 2); memberi dan menerima secara timbal balik.",
        "Helping one another in goodness and piety (QS Al-Maidah 2); giving and receiving in return.",
    ),
    (
        "maslahah",
        "Kemaslahatan bersama: menjaga agama, jiwa, akal, keturunan, dan harta.",
        "The common good: protecting faith, life, intellect, lineage and property.",
    ),
    (
        "amanah",
        "Dapat dipercaya dan menepati janji (wal wafa bil 'ahdi).",
        "Being trustworthy and keeping one's promises (wal wafa bil 'ahdi).",
    ),
    (
        "syura",
        "Memutuskan bersama melalui musyawarah (QS Asy-Syura 38).",
        "Deciding together through deliberation (QS Asy-Syura 38).",
    ),
    (
        "'adl",
        "Adil: objektif, proporsional, menempatkan sesuatu pada tempatnya.",
        "Justice: objective, proportionate, putting things in their right place.",
    ),
    ("shidq", "Jujur: perkataan sesuai dengan perbuatan.", "Truthfulness: words that match deeds."),
    ("ihsan", "Berbuat sebaik-baiknya, seakan-akan melihat Allah.", "Doing things excellently, as if seeing God."),
    (
        "hikmah",
        "Kebijaksanaan dalam mengajak kepada kebaikan (QS An-Nahl 125).",
        "Wisdom in calling to what is good (QS An-Nahl 125).",
    ),
    (
        "ukhuwah",
        "Persaudaraan: islamiyah, wathaniyah, basyariyah.",
        "Brotherhood: among Muslims, among citizens, among all people.",
    ),
]

# (name in the school's language, weight)
CRITERIA = [
    ("Relevansi dengan kebutuhan", 30),
    ("Kapasitas", 20),
    ("Rekam jejak", 15),
    ("Kesesuaian nilai", 15),
    ("Biaya dan manfaat", 10),
    ("Jarak", 10),
]

K = Partner.Kind
KIND_SUGGESTIONS = {
    Area.ACADEMIC: [K.UNIVERSITY, K.SCHOOL],
    Area.RELIGIOUS: [K.PESANTREN, K.MOSQUE],
    Area.HEALTH: [K.HEALTH],
    Area.SAFETY: [K.POLICE],
    Area.FUNDING: [K.COMMITTEE, K.BUSINESS, K.GOVERNMENT],
    Area.FACILITIES: [K.COMMITTEE, K.BUSINESS, K.GOVERNMENT],
    Area.STAFF: [K.UNIVERSITY, K.GOVERNMENT],
    Area.INTAKE: [K.PESANTREN, K.SCHOOL, K.PARENTS],
    Area.LITERACY: [K.NGO, K.UNIVERSITY],
    Area.SKILLS: [K.BUSINESS, K.NGO],
    Area.OTHER: [K.NGO],
}
