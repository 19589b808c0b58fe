"""The instruments a school starts with, following MODEL.md's evaluation stage: one answered after
each activity (involvement of school members, partner contribution, facilities, obstacles met) and a
year-end review of each partnership. Written in the language active when the school is set up."""

from django.utils.translation import gettext as _

from mitra.evaluation.models import Instrument


def _rating(text, help_text=""):
    return {"kind": "rating", "text": text, "help": help_text}


def instruments() -> list[dict]:
    activity = {
        "title": _("Activity evaluation"),
        "purpose": Instrument.Purpose.ACTIVITY,
        "description": _(
            "Thank you for taking part. Your answers help the school and its partner make the next activity better."
        ),
        "sections": [
            (
                _("Involvement and contribution"),
                [
                    _rating(_("School members (teachers, staff, students) were involved in the activity.")),
                    _rating(_("The partner contributed what was agreed.")),
                    _rating(_("The facilities needed were available.")),
                    _rating(_("The activity met its purpose.")),
                ],
            ),
            (
                _("Obstacles"),
                [
                    {
                        "kind": "multiple",
                        "text": _("Which obstacles did you meet?"),
                        "required": False,
                        "options": [
                            _("Communication"),
                            _("Different perceptions of the programme"),
                            _("Schedule"),
                            _("Facilities"),
                            _("Funding"),
                            _("None"),
                        ],
                    },
                    {"kind": "long", "text": _("Describe an obstacle, if there was one."), "required": False},
                    {"kind": "long", "text": _("What should be done better next time?"), "required": False},
                ],
            ),
        ],
    }
    year_end = {
        "title": _("Year-end partnership review"),
        "purpose": Instrument.Purpose.YEAR_END,
        "description": _("A review of the partnership over the whole school year, answered by everyone involved."),
        "sections": [
            (
                _("Goals and commitment"),
                [
                    _rating(_("The partnership's goals were clear to everyone involved.")),
                    _rating(_("Both sides kept what the agreement says.")),
                    _rating(_("Communication between the school and the partner was effective.")),
                    _rating(_("Teachers and students were involved evenly.")),
                ],
            ),
            (
                _("Benefit"),
                [
                    _rating(_("The partnership benefited the students.")),
                    {"kind": "yes_no", "text": _("Should the partnership continue next year?")},
                    {
                        "kind": "number",
                        "text": _("How many activities with this partner did you join?"),
                        "required": False,
                    },
                    {"kind": "long", "text": _("Recommendations for the next school year"), "required": False},
                ],
            ),
        ],
    }
    return [activity, year_end]
