"""Co-applicants: the applicant invites colleagues to a draft as editors or viewers; every save is attributed;
only the applicant submits; invitations expire and can be withdrawn; a stale save keeps the input."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import ApplicationCollaborator, ApplicationEdit, ApplicationInvitation
from applications.services_collaborators import collaborator_invitation_accept, collaborator_invite
from tests.applications.conftest import make_complete_draft, make_submitted
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def draft(applicant, call):
    return make_complete_draft(applicant=applicant, call=call, company_name_ko="주식회사 양재", ceo_name="김대표")


@pytest.fixture
def colleague(db):
    return UserFactory(name="Minji Lee", email="minji@example.kr", preferred_language="en")


def invite(draft, email="minji@example.kr", role="editor"):
    return collaborator_invite(application=draft, email=email, role=role, actor=draft.applicant)


def joined(draft, user, role="editor") -> Client:
    collaborator_invitation_accept(invitation=invite(draft, user.email, role), user=user)
    client = Client()
    client.force_login(user)
    return client


def step(draft, slug="company"):
    return reverse("applications:step", args=[draft.pk, slug])


def company_data(draft, **changes):
    data = {
        name: getattr(draft, name) or ""
        for name in (
            "company_name_ko",
            "company_name_en",
            "business_registration_number",
            "corporate_registration_number",
            "ceo_name",
            "head_office_address",
            "website",
            "ai_field",
        )
    }
    data["founded_on"] = draft.founded_on.isoformat() if draft.founded_on else ""
    return {**data, **changes, "save": "1"}


def test_the_owner_invites_by_email_and_the_colleague_accepts(
    applicant_client, applicant, draft, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(
            reverse("applications:collaborator_invite", args=[draft.pk]),
            {"email": "minji@example.kr", "role": "editor", "language": "en"},
        )
    assert response.status_code == 302
    [message] = mail.outbox
    invitation = ApplicationInvitation.objects.get(application=draft)
    assert message.to == ["minji@example.kr"]
    assert f"/my/applications/invitations/{invitation.token}/" in message.body
    page = applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "minji@example.kr" in page and 'data-testid="invitation"' in page

    client = Client()
    client.force_login(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(f"/my/applications/invitations/{invitation.token}/")
    assert accepted.status_code == 302 and accepted["Location"] == reverse("applications:detail", args=[draft.pk])
    collaborator = ApplicationCollaborator.objects.get(application=draft, user=colleague)
    assert (collaborator.role, collaborator.invited_by) == ("editor", applicant)
    assert mail.outbox[-1].to == [applicant.email] and "Minji Lee" in mail.outbox[-1].subject
    assert "Minji Lee" in applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    dashboard = client.get(reverse("applications:dashboard")).content.decode()
    assert reverse("applications:detail", args=[draft.pk]) in dashboard
    assert 'data-testid="collaborator-role"' in dashboard


def test_someone_else_signed_in_cannot_accept_the_invitation(draft, colleague, other_applicant):
    invitation = invite(draft)
    client = Client()
    client.force_login(other_applicant)
    page = client.post(f"/my/applications/invitations/{invitation.token}/", follow=True).content.decode()
    assert "minji@example.kr" in page
    assert not ApplicationCollaborator.objects.exists()


def test_a_new_address_signs_up_from_the_invitation(draft):
    invitation = invite(draft, "new.person@example.kr", "viewer")
    url = f"/my/applications/invitations/{invitation.token}/"
    client = Client()
    assert 'name="password1"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "새 동료",
            "phone": "010 1234 5678",
            "preferred_language": "ko",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent_personal_data": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.kr")
    assert ApplicationCollaborator.objects.get(application=draft, user=user).role == "viewer"
    assert client.get(reverse("applications:review", args=[draft.pk])).status_code == 200


def test_an_invitation_expires_after_the_set_days(settings, monkeypatch, draft, colleague):
    settings.APPLICATION_INVITATION_DAYS = 3
    invitation = invite(draft)
    client = Client()
    client.force_login(colleague)
    later = timezone.now() + dt.timedelta(days=3, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = client.get(f"/my/applications/invitations/{invitation.token}/")
    assert page.status_code == 200 and 'data-testid="expired"' in page.content.decode()
    client.post(f"/my/applications/invitations/{invitation.token}/")
    assert not ApplicationCollaborator.objects.exists()
    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 404


def test_the_owner_withdraws_an_invitation_and_its_link_stops_working(applicant_client, draft, colleague):
    invitation = invite(draft)
    response = applicant_client.post(
        reverse("applications:collaborator_invitation_revoke", args=[draft.pk, invitation.pk])
    )
    assert response.status_code == 302
    assert (
        "minji@example.kr"
        not in applicant_client.get(response["Location"])
        .content.decode()
        .split('id="team"')[1]
        .split("Recent changes")[0]
    )
    client = Client()
    client.force_login(colleague)
    page = client.post(f"/my/applications/invitations/{invitation.token}/").content.decode()
    assert 'data-testid="invitation-closed"' in page
    assert not ApplicationCollaborator.objects.exists()


def test_the_owner_removes_a_colleague(applicant_client, draft, colleague):
    client = joined(draft, colleague)
    collaborator = ApplicationCollaborator.objects.get()
    applicant_client.post(reverse("applications:collaborator_remove", args=[draft.pk, collaborator.pk]))
    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 404
    assert collaborator.history.filter(history_type="-").exists()


def test_an_editor_s_save_is_attributed_and_shown_in_the_history(applicant_client, draft, colleague):
    client = joined(draft, colleague)
    response = client.post(step(draft), company_data(draft, ceo_name="이대표"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.ceo_name == "이대표"
    edit = ApplicationEdit.objects.filter(application=draft, actor=colleague).get()
    assert edit.keys == ["ceo_name"]
    history = applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    history = history.split('data-testid="edits"')[1].split("</ul>")[0]
    assert "Minji Lee" in history and "Editor" in history and "CEO" in history
    assert "Jiwon Kim" in history  # the applicant's own uploads are listed too


def test_an_editor_uploads_a_document_attributed_to_them(draft, colleague):
    from tests.applications.conftest import upload
    from tests.samples import pdf_bytes

    client = joined(draft, colleague)
    document_type = draft.call.document_types.first()
    response = client.post(
        reverse("applications:documents", args=[draft.pk]),
        {"document_type": document_type.pk, f"doc{document_type.pk}-file": upload("new.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    assert draft.documents.get(document_type=document_type).uploaded_by == colleague
    assert ApplicationEdit.objects.filter(actor=colleague, kind="uploaded").exists()


def test_a_viewer_reads_but_cannot_save(draft, colleague):
    client = joined(draft, colleague, role="viewer")
    assert client.get(step(draft))["Location"] == reverse("applications:review", args=[draft.pk])
    review = client.get(reverse("applications:review", args=[draft.pk]))
    assert review.status_code == 200 and "주식회사 양재" in review.content.decode()
    assert client.post(step(draft), company_data(draft, ceo_name="바꿈")).status_code == 403
    assert client.post(reverse("applications:documents", args=[draft.pk]), {}).status_code == 403
    draft.refresh_from_db()
    assert draft.ceo_name == "김대표"
    assert not ApplicationEdit.objects.filter(actor=colleague).exists()


def test_an_editor_cannot_submit_withdraw_or_invite(draft, colleague):
    client = joined(draft, colleague)
    review = client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert 'data-testid="declaration"' not in review and 'data-testid="representative-submits"' in review
    assert client.post(reverse("applications:submit", args=[draft.pk]), {"declared_true": "on"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.receipt_number
    assert (
        client.post(
            reverse("applications:collaborator_invite", args=[draft.pk]), {"email": "x@example.kr", "role": "editor"}
        ).status_code
        == 403
    )
    assert client.get(reverse("applications:withdraw", args=[draft.pk])).status_code == 403
    detail = client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert 'id="team"' not in detail and 'id="messages"' not in detail


def test_a_stale_save_shows_a_message_and_keeps_the_input(applicant_client, draft, colleague):
    client = joined(draft, colleague)
    opened = client.get(step(draft))
    version = opened.context["edit_version"]
    assert applicant_client.post(step(draft), company_data(draft, ceo_name="박대표")).status_code == 302
    stale = client.post(
        step(draft), {**company_data(draft, website="https://minji.example.kr"), "edit_version": version}
    )
    assert stale.status_code == 409
    page = stale.content.decode()
    assert 'data-testid="stale-save"' in page and "Jiwon Kim" in page and "CEO" in page
    assert 'value="https://minji.example.kr"' in page
    draft.refresh_from_db()
    assert (draft.ceo_name, draft.website) == ("박대표", "")
    # Saved again from the page the message is on: the colleague's input wins knowingly.
    again = client.post(
        step(draft),
        {
            **company_data(draft, website="https://minji.example.kr", ceo_name="박대표"),
            "edit_version": stale.context["edit_version"],
        },
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert (draft.ceo_name, draft.website) == ("박대표", "https://minji.example.kr")


def test_a_later_save_of_other_fields_is_not_refused(applicant_client, draft, colleague):
    client = joined(draft, colleague)
    version = client.get(step(draft, "team")).context["edit_version"]
    assert applicant_client.post(step(draft), company_data(draft, ceo_name="박대표")).status_code == 302
    response = client.post(step(draft, "team"), {"headcount": "25", "save": "1", "edit_version": version})
    assert 'data-testid="stale-save"' not in response.content.decode()
    draft.refresh_from_db()
    assert (draft.ceo_name, draft.headcount) == ("박대표", 25)


def test_after_submission_colleagues_keep_read_access_only(applicant, call, colleague):
    application = make_complete_draft(applicant=applicant, call=call)
    client = joined(application, colleague, role="viewer")
    from applications.services import application_submit

    application_submit(application=application, actor=applicant, declared_true=True)
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.status_code == 200 and 'data-testid="collaborator-note"' in page.content.decode()
    assert [entry.actor for entry in page.context["timeline"]] == ["Applicant (representative)"]
    assert client.get(reverse("applications:receipt", args=[application.pk])).status_code == 403
    assert client.get(reverse("applications:decision_notice", args=[application.pk])).status_code == 403
    other = make_submitted(applicant=UserFactory(), call=call)
    assert client.get(reverse("applications:detail", args=[other.pk])).status_code == 404


def test_an_editor_s_answer_to_a_call_s_own_form_is_attributed(client, applicant, form_call, colleague):
    from applications.models import Application
    from tests.applications.test_call_forms import GOOD_STEP_1, start, step_url

    client.force_login(applicant)
    start(client, form_call)
    application = Application.objects.get(applicant=applicant, call=form_call)
    editor = joined(application, colleague)
    assert editor.post(step_url(application, 1), GOOD_STEP_1).status_code == 302
    edit = ApplicationEdit.objects.get(application=application, actor=colleague)
    assert "answer:company_name" in edit.keys
