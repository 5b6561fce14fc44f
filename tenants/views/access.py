"""Access to a company's space: the visitor's membership of the company in the URL, else 404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .. import selectors


def member_required(*, manage: bool = False):
    """Load the user's membership of the company in the URL; 404 for anyone outside it."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, company_id: int, *args, **kwargs):
            membership = selectors.membership_for(user=request.user, company_id=company_id)
            if membership is None:
                raise Http404
            if manage and not membership.can_manage:
                raise PermissionDenied
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator
