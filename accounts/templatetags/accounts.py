from django import template

from accounts.paths import MY_CONTRIBUTIONS_PATH

register = template.Library()


@register.simple_tag
def my_contributions_path():
    return MY_CONTRIBUTIONS_PATH
