"""Admin template tags of the portal: a change list's rows rendered as Django renders them, faster
(portal/admin_rows.py)."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from portal.admin_rows import fast_results

register = template.Library()


def fast_result_list(cl) -> dict:
    """Django's `result_list` context, its rows from `fast_results`."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": list(fast_results(cl)),
    }


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    return InclusionAdminNode(parser, token, func=fast_result_list, template_name="change_list_results.html",
                              takes_context=False)
