"""Fill the database with demo data: the center, accounts of every role, calls and applications."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, seed_users
from applications.demo import seed_applications_demo
from billing.demo import seed_billing
from compute.demo import seed_compute
from evaluations.demo import seed_evaluations
from exemptions.demo import seed_exemptions
from helpdesk.demo import seed_helpdesk
from messaging.demo import seed_messaging
from premises.demo import seed_premises
from privacy.demo import seed_privacy
from receipts.demo import seed_receipts
from tenants.demo import seed_tenants

# Each app that has demo data contributes a seed function; they run lowest layer first.
SEEDERS: list = [
    seed_privacy, seed_applications_demo, seed_evaluations, seed_tenants, seed_billing, seed_exemptions, seed_receipts,
    seed_helpdesk, seed_messaging, seed_compute,
]


def mail_destination() -> str:
    """Where the portal's e-mails go with the current settings, in words."""
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "filebased":
        return _("E-mails are not sent: each is written as a file to %(path)s.") % {"path": settings.EMAIL_FILE_PATH}
    if backend == "console":
        return _("E-mails are not sent: they are printed by the process that sends them.")
    if backend == "smtp":
        return _("E-mails are sent through %(host)s:%(port)s.") % {
            "host": settings.EMAIL_HOST, "port": settings.EMAIL_PORT}
    return _("E-mails go to the %(backend)s backend.") % {"backend": settings.EMAIL_BACKEND}


class Command(BaseCommand):
    help = "Create demo data (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        # The demo accounts (a superuser among them) share a published password: never on a real site.
        if not settings.PORTAL_DEMO_DATA_ALLOWED:
            raise CommandError(_(
                "Demo data is not allowed here (PORTAL_DEMO_DATA_ALLOWED is off, as in production): its accounts, "
                "a superuser among them, use a published password."
            ))
        # The tasks the seeders queue run in-process without a broker; their log lines would drown the summary.
        logging.disable(logging.INFO)
        try:
            # No transaction around the seeders: the services that issue numbered documents (invoices,
            # exemption documents) commit the number before they render and refuse to run inside another
            # transaction (durable). Each seeder is safe to run again, so the next run completes one that stopped.
            with transaction.atomic():
                users = seed_users()
                building = seed_premises()
            for seeder in SEEDERS:
                seeder(users=users, building=building, stdout=self.stdout)
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(self.style.SUCCESS(_("Demo data is ready.")))
        self.stdout.write(_("Demo accounts (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for email, _name, role, _superuser in DEMO_USERS:
            label = role.label if role else _("Superuser")
            self.stdout.write(f"  {email:<34} {label}")
        self.stdout.write(mail_destination())
