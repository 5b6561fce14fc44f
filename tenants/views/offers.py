"""The applicant's unit offers: the list, and one offer to accept or decline before its deadline.
Only the application's applicant sees an offer; anyone else gets 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exceptions import DomainError

from .. import selectors_offers, services
from ..services.companies import TAX_INVOICE_FIELDS


class OfferAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[("accept", gettext_lazy("Accept")), ("decline", gettext_lazy("Decline"))],
    )
    reason = forms.CharField(label=gettext_lazy("Reason (optional)"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    representative = forms.CharField(label=gettext_lazy("Representative (대표자)"), max_length=100, required=False)
    business_type = forms.CharField(label=gettext_lazy("Business type (업태)"), max_length=100, required=False,
                                    help_text=gettext_lazy("As on your business registration certificate."))
    business_item = forms.CharField(label=gettext_lazy("Business item (종목)"), max_length=100, required=False,
                                    help_text=gettext_lazy("As on your business registration certificate."))
    tax_invoice_email = forms.EmailField(
        label=gettext_lazy("Tax invoice e-mail"), required=False,
        help_text=gettext_lazy("Where the center sends your electronic tax invoices."),
    )

    # Asked only with an acceptance; a tax invoice names the recipient's representative and goes to this e-mail.
    REQUIRED_TO_ACCEPT = ("representative", "tax_invoice_email")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept":
            for name in self.REQUIRED_TO_ACCEPT:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed for your tax invoices."))
        return data

    def tax_details(self) -> dict:
        return {name: self.cleaned_data[name] for name in TAX_INVOICE_FIELDS}


@login_required
def offer_list(request):
    offers = list(selectors_offers.offer_list_for_applicant(user=request.user))
    return render(request, "tenants/offer_list.html", {"offers": offers})


@login_required
def offer_detail(request, offer_id: int):
    offer = selectors_offers.offer_get_for_applicant(user=request.user, offer_id=offer_id)
    if offer is None:
        raise Http404
    application = offer.application
    form = OfferAnswerForm(request.POST or None, initial={
        "representative": application.ceo_name, "tax_invoice_email": application.contact_email,
    })
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "accept":
                offer = services.offer_accept(offer=offer, actor=request.user, tax_details=form.tax_details())
            else:
                offer = services.offer_decline(offer=offer, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, str(exc))
            offer = selectors_offers.offer_get_for_applicant(user=request.user, offer_id=offer_id)
        else:
            if decision == "accept":
                messages.success(request, _("You accepted the offer. Your company space is ready: check its "
                                            "profile; the center will contact you to sign the lease."))
                return redirect("tenants:company", offer.company_id)
            messages.success(request, _("You declined the offer. Thank you for telling us."))
            return redirect("tenants:offer", offer.pk)
    return render(request, "tenants/offer_detail.html", {"offer": offer, "form": form})
