"""Template filters of helpdesk: Markdown in the safe subset (helpdesk/markdown.py)."""

from django import template

from ..markdown import render_markdown

register = template.Library()


@register.filter
def markdown(value: str):
    """`notice.body_ko|markdown`: the safe subset, cleaned by nh3."""
    return render_markdown(value)


@register.simple_tag
def localized_markdown(obj, field: str):
    """The English text of `field` in English when it is filled, else the Korean one, rendered."""
    from portal.templatetags.portal_tags import localized

    return render_markdown(localized(obj, field))
