"""The engine's facts in words, in the reader's language.

The engine returns codes and facts (``Contribution``, ``Violation``); this module says them the
way a coordinator would defend a suggestion: "Both speak Arabic (mentor C1, mentee native)",
"12 km apart", "Both in construction". Language, sector and occupation names come from the
reference lists, in the active language.
"""

from django.template.defaultfilters import floatformat
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from tandem.people import reference
from tandem.people.models import LanguageLevel

CRITERION_LABELS: dict[str, Promise] = {
    "sector": gettext_lazy("Sector and occupation"),
    "language": gettext_lazy("Language"),
    "distance": gettext_lazy("Distance"),
    "availability": gettext_lazy("Free time"),
    "interests": gettext_lazy("Interests"),
    "age": gettext_lazy("Age"),
    "waiting": gettext_lazy("Waiting time"),
}

STAGES: dict[str, Promise] = {
    "": gettext_lazy("Waiting for the worker"),
    "collect": gettext_lazy("Collecting the mentees and mentors"),
    "candidates": gettext_lazy("Finding the pairs that break no rule"),
    "solve": gettext_lazy("Choosing the best set of pairs"),
    "save": gettext_lazy("Saving the suggestions"),
    "done": gettext_lazy("Done"),
}

UNMATCHED_REASONS: dict[str, Promise] = {
    "no_feasible_mentor": gettext_lazy("No mentor meets every rule for this mentee."),
    "capacity_taken": gettext_lazy(
        "Mentors who would fit are all taken by better pairs in this run."
    ),
}


def stage_label(stage: str) -> str:
    return str(STAGES.get(stage, stage))


def _level(level: str) -> str:
    return _lower_first(str(LanguageLevel(level).label)) if level in LanguageLevel.values else level


def _lower_first(text: str) -> str:
    # "Construction" → "construction", but "ICT" stays.
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _language(code: str) -> str:
    name = reference.language_name(code)
    # French writes language names in lower case within a sentence ("parlent arabe").
    return _lower_first(name) if (get_language() or "").startswith("fr") else name


def _sector_name(code: str) -> str:
    label = next((s.label for s in reference.nace_sections() if s.code == code), code)
    return _lower_first(label)


def _isco_name(code: str) -> str:
    label = next((g.label for g in reference.isco_groups() if g.code == code), "")
    if label:
        return label
    # A 3- or 4-digit prefix: name its sub-major group.
    return next((g.label for g in reference.isco_groups() if g.code == code[:2]), code)


def _km(km: float) -> str:
    """'3.4', '12', '250' — in the reader's number format."""
    return floatformat(round(km, 1) if km < 10 else round(km), -1)


def _slot(slot: str) -> str:
    day, _sep, part = slot.partition("-")
    days, parts = dict(reference.DAYS), dict(reference.PARTS_OF_DAY)
    if day not in days or part not in parts:
        return slot
    return _("%(day)s %(part_of_day)s") % {
        "day": days[day],
        "part_of_day": _lower_first(str(parts[part])),
    }


def contribution(criterion: str, facts: dict) -> str:
    """One criterion's part of a pair's score, in words."""
    if criterion == "sector":
        if facts.get("isco"):
            return _("Same kind of work: %(occupation)s") % {
                "occupation": _isco_name(facts["isco"])
            }
        if facts.get("sectors"):
            return _("Both in %(sectors)s") % {
                "sectors": _join([_sector_name(s) for s in facts["sectors"]])
            }
        return _("No sector or occupation in common")
    if criterion == "language":
        if not facts:
            return _("No language in common at the level needed")
        return _("Both speak %(language)s (mentor %(mentor_level)s, mentee %(mentee_level)s)") % {
            "language": _language(facts["code"]),
            "mentor_level": _level(facts["mentor_level"]),
            "mentee_level": _level(facts["mentee_level"]),
        }
    if criterion == "distance":
        if facts.get("km") is None:
            return _("Distance not known (a home postcode is missing)")
        if facts["km"] < 1:
            return _("Less than 1 km apart")
        return _("%(km)s km apart") % {"km": _km(facts["km"])}
    if criterion == "availability":
        slots = facts.get("slots") or []
        if not slots:
            return _("No free time in common")
        shown = [_slot(s) for s in slots[:4]]
        more = len(slots) - len(shown)
        text = ngettext(
            "%(count)s free moment in common: %(slots)s",
            "%(count)s free moments in common: %(slots)s",
            len(slots),
        ) % {"count": len(slots), "slots": ", ".join(shown)}
        if more:
            text += " " + ngettext("(and %(n)s more)", "(and %(n)s more)", more) % {"n": more}
        return text
    if criterion == "interests":
        interests = facts.get("interests") or []
        if not interests:
            return _("No interests in common")
        return _("Both like %(interests)s") % {"interests": _join(list(interests))}
    if criterion == "age":
        gap = facts.get("gap")
        if gap is None:
            return _("Age not known")
        if gap == 0:
            return _("Born the same year")
        if gap > 0:
            return ngettext("Mentor %(years)s year older", "Mentor %(years)s years older", gap) % {
                "years": gap
            }
        return ngettext("Mentor %(years)s year younger", "Mentor %(years)s years younger", -gap) % {
            "years": -gap
        }
    if criterion == "waiting":
        days = facts.get("days", 0)
        return ngettext(
            "The mentee has waited %(days)s day",
            "The mentee has waited %(days)s days",
            days,
        ) % {"days": days}
    return criterion


def violation(rule: str, facts: dict | None = None) -> str:
    """One hard rule a pair breaks, in words."""
    facts = facts or {}
    if rule == "excluded":
        return _("This pair is excluded (by a coordinator, or a proposal was declined).")
    if rule == "capacity":
        return _("The mentor has no free place.")
    if rule == "mentor_unavailable":
        return _("The mentor is not available for matching any more.")
    if rule == "language":
        return _("They share no language at level %(level)s or above.") % {
            "level": _level(facts.get("min_level", ""))
        }
    if rule == "location_unknown":
        return _("A home postcode is missing, so the distance limit cannot be checked.")
    if rule == "distance":
        whose = {
            "programme": _("the programme's maximum of %(limit)s km"),
            "mentee": _("the mentee's maximum of %(limit)s km"),
            "mentor": _("the mentor's maximum of %(limit)s km"),
        }[facts.get("whose", "programme")] % {"limit": _km(facts.get("limit", 0))}
        return _("They live %(km)s km apart, beyond %(limit)s.") % {
            "km": _km(facts.get("km", 0)),
            "limit": whose,
        }
    if rule == "gender_wish":
        wish = facts.get("wish")
        if wish == "woman":
            return _("The mentee asked for a mentor who is a woman.")
        return _("The mentee asked for a mentor who is a man.")
    if rule == "availability":
        return ngettext(
            "They have %(overlap)s free moment in common; the programme asks for %(minimum)s.",
            "They have %(overlap)s free moments in common; the programme asks for %(minimum)s.",
            facts.get("overlap", 0),
        ) % {"overlap": facts.get("overlap", 0), "minimum": facts.get("minimum", 0)}
    return rule


def criterion_label(criterion: str) -> str:
    return str(CRITERION_LABELS.get(criterion, criterion))


def explanation(parts: list[dict], weights: dict[str, float] | None = None) -> list[dict]:
    """A stored explanation, worded: [{"criterion", "label", "points", "text"}], leaving out
    the criteria the programme ignores (weight 0)."""
    worded = []
    for part in parts:
        name = part["criterion"]
        if weights is not None and not weights.get(name):
            continue
        worded.append(
            {
                "criterion": name,
                "label": criterion_label(name),
                "points": part["points"],
                "text": contribution(name, part.get("facts") or {}),
            }
        )
    return worded


def unmatched_reason(code: str) -> str:
    return str(UNMATCHED_REASONS.get(code, code))
