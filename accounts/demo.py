"""Demo accounts, one per role."""

from .models import User
from .roles import Role
from .services import user_create, user_grant_role, user_verify_email

DEMO_PASSWORD = "yangjae-demo-2026"  # noqa: S105 (published demo login)

DEMO_USERS = [
    # e-mail, name, role, superuser
    ("admin@demo.yangjae-ai.kr", "관리자", None, True),
    ("staff@demo.yangjae-ai.kr", "김서초 주무관", Role.DISTRICT_STAFF, False),
    ("evaluator@demo.yangjae-ai.kr", "이평가 교수", Role.EVALUATOR, False),
    ("evaluator2@demo.yangjae-ai.kr", "박심사 박사", Role.EVALUATOR, False),
    ("applicant@demo.yangjae-ai.kr", "최지원 대표", Role.APPLICANT, False),
    ("founder@demo.yangjae-ai.kr", "Alex Morgan", Role.APPLICANT, False),
    ("tenant@demo.yangjae-ai.kr", "정입주 대표", Role.TENANT_MEMBER, False),
]


def seed_users() -> dict[str, User]:
    from django.utils import timezone

    users = {}
    for email, name, role, superuser in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            extra = {"is_staff": True, "is_superuser": True} if superuser else {}
            language = "en" if email.startswith("founder") else "ko"
            user = user_create(
                email=email, password=DEMO_PASSWORD, name=name, preferred_language=language,
                email_verified_at=timezone.now(), **extra,
            )
        elif user.email_verified_at is None:
            user_verify_email(user=user)  # demo logins always work
        if role is not None:
            user_grant_role(user=user, role=role)
        users[email] = user
    return users
