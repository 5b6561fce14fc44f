"""The staff dashboard on the admin home page."""

from django import template

from evaluations.selectors import dashboard_calls

register = template.Library()


@register.inclusion_tag("admin/evaluations/dashboard.html")
def evaluations_dashboard():
    return {"calls": dashboard_calls()}
