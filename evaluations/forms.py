"""Forms of the staff review and the evaluator area; messages appear beside their fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Application, CallDocumentType
from applications.services import DECISIONS_WITH_NOTICE

from .models import PresentationSlot

# The applicant's data that staff may reopen when they ask for more information.
REOPENABLE_FIELDS = [
    "company_name_ko", "company_name_en", "business_registration_number", "corporate_registration_number",
    "ceo_name", "founded_on", "head_office_address", "website", "ai_field", "headcount", "foreign_employees",
    "desired_unit_type", "desired_move_in", "relocation_commitment", "business_summary", "revenue_last_year",
    "total_investment", "patents_held", "awards", "contact_name", "contact_email", "contact_phone",
]


def reopenable_choices(call_id: int | None) -> list[tuple[str, str]]:
    """Fields by name and, for documents, "document:<document type id>"."""
    choices = [(name, Application._meta.get_field(name).verbose_name) for name in REOPENABLE_FIELDS]
    if call_id:
        for doc_type in CallDocumentType.objects.filter(call_id=call_id):
            choices.append((f"document:{doc_type.pk}", _("Document: %(name)s") % {"name": doc_type.name_ko}))
    return choices


# The decisions the applicant is given a notice of: their page asks for the reasons in English too.
ENGLISH_REASONS = DECISIONS_WITH_NOTICE


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason or message to the applicant"), widget=forms.Textarea(attrs={"rows": 4}),
                             required=False)
    reopened_fields = forms.MultipleChoiceField(
        label=_("Items to reopen"), required=False, widget=forms.CheckboxSelectMultiple,
    )
    reason_en = forms.CharField(
        label=_("Reasons in English (optional)"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        max_length=5000,
        help_text=_("Printed on the English translation of the decision notice. Left empty, the English notice "
                    "shows the Korean reasons with a note."))

    def __init__(self, *args, transition, call_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition.needs_reason:
            self.fields["reason"].required = True
        if transition.name == "request_information":
            self.fields["reopened_fields"].required = True
            self.fields["reopened_fields"].choices = reopenable_choices(call_id)
        else:
            del self.fields["reopened_fields"]
        if transition.name not in ENGLISH_REASONS:
            del self.fields["reason_en"]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply to the applicant"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000)


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("no", _("I have no conflict of interest with this company.")),
                 ("yes", _("I have a conflict of interest and recuse myself."))],
    )
    note = forms.CharField(label=_("Note (required when there is a conflict)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") and not (data.get("note") or "").strip():
            self.add_error("note", _("Please describe the conflict of interest."))
        return data


class ScorecardForm(forms.Form):
    """One points field and one comment field per criterion of the stage."""

    def __init__(self, *args, criteria, scorecard=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        items = {item.criterion_id: item for item in scorecard.items.all()} if scorecard else {}
        for criterion in criteria:
            item = items.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.IntegerField(
                label=_("Points (0–%(max)s)") % {"max": criterion.max_points},
                min_value=0, max_value=criterion.max_points, required=False,
                initial=item.points if item else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=item.comment if item else "", max_length=4000,
            )

    def rows(self):
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    @property
    def max_total(self) -> int:
        return sum(c.max_points for c in self.criteria)

    def total(self) -> int:
        """The sum of the points as the page shows them (typed, or saved): what the running total starts
        from, computed here so that it is right without JavaScript. Unreadable or out-of-range points count
        as nothing."""
        total = 0
        for criterion in self.criteria:
            value = self[f"points_{criterion.pk}"].value()
            try:
                points = int(value)
            except (TypeError, ValueError):
                continue
            if 0 <= points <= criterion.max_points:
                total += points
        return total

    def require_all(self):
        for criterion in self.criteria:
            if self.cleaned_data.get(f"points_{criterion.pk}") is None:
                self.add_error(f"points_{criterion.pk}", _("Give points for every criterion before submitting."))


class SlotAdminForm(forms.ModelForm):
    class Meta:
        model = PresentationSlot
        fields = ["call", "starts_at", "ends_at", "place", "application"]

    def clean(self):
        data = super().clean()
        application, call = data.get("application"), data.get("call")
        if application and call:
            from portal.exceptions import DomainError

            from .services import presentation_slot_check

            probe = PresentationSlot(pk=self.instance.pk, call=call)
            try:
                presentation_slot_check(slot=probe, application=application)
            except DomainError as exc:
                self.add_error("application", str(exc))
        return data
