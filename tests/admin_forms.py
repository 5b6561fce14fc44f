"""Posting an admin change page as a browser does: the management forms of its inlines."""


def inline_management_data(response) -> dict:
    """The management-form fields (TOTAL_FORMS, INITIAL_FORMS, …) of every inline on the page's response."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{inline.formset.prefix}-{name}"] = management[name].value()
    return data
