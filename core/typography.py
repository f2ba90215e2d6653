"""French typography, in one place, for pages and emails.

What a French proofreader expects and what templates, curated text and Django's own formats do
not give by themselves:

* no line break before « ; ! ? » (a narrow no-break space, U+202F) nor before « : » (a no-break
  space, U+00A0), nor just inside « guillemets » (U+202F);
* amounts and large numbers that do not break between their digit groups or before their unit
  (« 78 000 € », « 12 % »), in curated free text too;
* hours written « 13 h » and « 13 h 30 », never « 13h00 »;
* « 1er » for the first day of a month (Django's French date format prints « 1 décembre »);
* singular for 0 and 1 (« 0 résultat »), as French counts.

`french_text` applies the spacing rules to plain text (emails' text part, subjects);
`french_html` applies them to the text between the tags of an HTML document, leaving tags,
attributes, scripts, styles, code and form fields untouched. The site's base template and the
email sender run every page and every message through them, so a template author writes ordinary
spaces and the output is right. Dates and times go through `french_date` (the `date_fr` filter).
"""

import re

from django.template.defaultfilters import date as django_date
from django.utils.safestring import SafeString, mark_safe

NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and inside « »
NBSP = "\u00a0"  # no-break space: before : and between a number and its unit

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"

_RULES = [
    # Any run of ordinary spaces before the punctuation that French spaces (and none yet). The
    # punctuation must end a word (followed by a space, the end, a closing mark) so that URLs and
    # query strings quoted in text (« ?q= », « https: ») are left alone.
    (re.compile(r"(?<![ \t\r\n])[ \t\r\n]+([;!?])(?=[\s)\]»\"'.,;!?&<\x00]|$)"), NNBSP + r"\1"),
    (re.compile(r"(?<![ \t\r\n])[ \t\r\n]+:(?=[\s)\]»\"'&<\x00]|$)"), NBSP + ":"),
    (re.compile(r"«[ \t\r\n\u00a0]*"), "«" + NNBSP),
    (re.compile(r"(?<![ \t\r\n\u00a0])[ \t\r\n\u00a0]*»"), NNBSP + "»"),
    # Digit groups of one number (« 78 000 », « 1 250 000 »): never broken.
    (re.compile(r"(?<![\d,.])(\d{1,3})(?:[ \u00a0](?=\d{3}(?!\d)))"), r"\1" + NNBSP),
    # A number and its unit.
    (re.compile(r"(\d) (€|%|h\b|Mo\b|ko\b|Go\b)"), r"\1" + NBSP + r"\2"),
    # « 13h00 » → « 13 h », « 9h30 » → « 9 h 30 ».
    (re.compile(r"(?<!\w)(\d{1,2})[ \u00a0]?h[ \u00a0]?(\d\d)(?!\w)"), lambda match: _hour(match)),
    # « 1 mars » → « 1er mars » (a date written by hand in curated text).
    (re.compile(rf"\b1(?:[ \u00a0])({MONTHS})\b"), "1er" + NBSP + r"\1"),
]
# Between the texts of a document while they are typeset: in no rule's character classes, so
# that a rule sees where a tag was ("mot</a> ?" is "mot\x00 ?": the space is still typeset).
_SEPARATOR = "\x00"
# The digit-group rule runs until no group is left (« 1 250 000 » has two boundaries).
_DIGIT_RULE = _RULES[4]

# Parts of an HTML document whose text is not prose: left exactly as written.
_VERBATIM = re.compile(
    r"(<(script|style|pre|code|textarea)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)


def french_text(text):
    """`text` with French no-break spaces, unbreakable numbers and « 13 h » hours."""
    if not text:
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
        if pattern is _DIGIT_RULE[0]:
            while True:
                again = pattern.sub(replacement, text)
                if again == text:
                    break
                text = again
    return text


def french_html(html):
    """`french_text` applied to the text of an HTML document, not to its tags or code."""
    if not html:
        return html
    parts = _VERBATIM.split(html.replace(_SEPARATOR, ""))  # NUL is no HTML character
    # re.split with two groups yields: text, whole match, tag name, text, whole match, …
    # The texts are typeset in one pass of each rule, joined by a separator no rule crosses.
    texts = french_text(_SEPARATOR.join(parts[0::3])).split(_SEPARATOR)
    out = []
    for index, text in enumerate(texts):
        out.append(text)
        if 3 * index + 1 < len(parts):
            out.append(parts[3 * index + 1])
    result = "".join(out)
    return mark_safe(result) if isinstance(html, SafeString) else result


_FIRST = re.compile(rf"(?<!\d)1 ({MONTHS})\b")
_HOUR = re.compile(r"\b(\d{1,2})h(\d{2})\b")


def _hour(match):
    hours, minutes = match.group(1), match.group(2)
    if int(hours) > 23 or int(minutes) > 59:
        return match.group(0)
    return f"{int(hours)}{NBSP}h" + ("" if minutes == "00" else f"{NBSP}{minutes}")


def french_date(value, fmt="j F Y"):
    """`value` written with Django's `date` format `fmt`, the French way: « 1er décembre 2026 »,
    « 13 h », « 9 h 30 ». Hours in `fmt` may be written "H\\hi", "G\\hi" or "H:i"."""
    if value in (None, ""):
        return ""
    fmt = fmt.replace("H\\hi", "G\\hi").replace("H:i", "G\\hi")
    text = django_date(value, fmt)
    text = _FIRST.sub("1er" + NBSP + r"\1", text)
    return _HOUR.sub(_hour, text)


def french_plural(count, singular, plural):
    """`singular` for 0 and 1, `plural` from 2: French counts « 0 résultat »."""
    try:
        many = abs(float(count)) >= 2
    except (TypeError, ValueError):
        many = False
    return plural if many else singular
