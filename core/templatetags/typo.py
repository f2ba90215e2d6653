"""French typography in templates (core.typography).

* `{% filter typographie %}…{% endfilter %}` around a whole HTML document (the site's base
  template does it): no-break spaces, unbreakable amounts, « 13 h »;
* `{{ value|date_fr:"j F Y à H\\hi" }}` instead of Django's `date`: « 1er décembre 2026 à 13 h »;
* `{{ count|accord:"résultat,résultats" }}`: the singular for 0 and 1.
"""

from django import template

from core.typography import french_date, french_html, french_plural

register = template.Library()


@register.filter(is_safe=True)
def typographie(html):
    return french_html(html)


@register.filter(expects_localtime=True, is_safe=False)
def date_fr(value, fmt="j F Y"):
    return french_date(value, fmt)


@register.filter
def accord(count, forms):
    singular, _comma, plural = forms.partition(",")
    return french_plural(count, singular, plural or singular)
