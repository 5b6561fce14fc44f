"""The page of a group message its recipients open from the notice: the message in the reader's language."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from . import selectors


@login_required
def message_detail(request, pk: int):
    message = selectors.group_message_for_recipient(user=request.user, message_id=pk)
    if message is None:
        raise Http404
    english = get_language() == "en"
    return render(request, "outreach/message.html", {
        "message": message,
        "subject": message.subject_en if english else message.subject_ko,
        "body": message.body_en if english else message.body_ko,
    })
