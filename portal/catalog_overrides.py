"""Strings of Django and of installed apps that our Korean catalog words again: their own Korean reads
badly ("보기위한 1입주 신청 를(을) 선택", "뷰 입주 신청", 해요체 messages, particles after a placeholder)
or is missing (django-celery-beat's model names).

The catalogs under LOCALE_PATHS take precedence over the apps' catalogs, so an entry with the same msgid
in locale/ko/LC_MESSAGES/django.po wins. The msgids are listed here so that `make messages` keeps them;
the Korean is in the catalog like every other string. To add one: copy the msgid exactly from the app's
source (curly quotes included), add it below, run `make messages` and write the Korean in the ko catalog;
tests/portal/test_catalog_overrides.py checks that each one is still a msgid of the installed package.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.admin
ADMIN = [
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("View %s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    ngettext_lazy("%(count)s %(name)s was changed successfully.", "%(count)s %(name)s were changed successfully.",
                  "count"),
    gettext_noop("Deleting %(class_name)s %(instance)s would require deleting the following protected related "
                 "objects: %(related_objects)s"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("You don’t have permission to view or edit anything."),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "count"),
    gettext_noop("Enter a new password for the user <strong>%(username)s</strong>."),
    gettext_noop("Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related objects, but "
                 "your account doesn't have permission to delete the following types of objects:"),
    gettext_noop('Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the following '
                 "related items will be deleted:"),
    gettext_noop("No, take me back"),
    gettext_noop("Please enter the correct %(username)s and password for a staff account. Note that both fields "
                 "may be case-sensitive."),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Your password has been set.  You may go ahead and log in now."),
    gettext_noop("Please enter your new password twice so we can verify you typed it in correctly."),
    gettext_noop("The password reset link was invalid, possibly because it has already been used.  Please request "
                 "a new password reset."),
    gettext_noop("If you don’t receive an email, please make sure you’ve entered the address you registered with, "
                 "and check your spam folder."),
    gettext_noop("Please go to the following page and choose a new password:"),
]

# django.contrib.auth
AUTH = [
    gettext_noop("%(name)s object with primary key %(key)r does not exist."),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Designates whether this user should be treated as active. Unselect this instead of deleting "
                 "accounts."),
]

# Django's validation messages (django/conf/locale)
FORMS = [
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),
    gettext_noop("Enter a valid %(protocol)s address."),
    gettext_noop("Enter only digits separated by commas."),
    gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s)."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. "
                 "%(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."),
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
                  "limit_value"),
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                  "limit_value"),
    gettext_noop("Enter a number."),
    ngettext_lazy("Ensure that there are no more than %(max)s digit in total.",
                  "Ensure that there are no more than %(max)s digits in total.", "max"),
    ngettext_lazy("Ensure that there are no more than %(max)s decimal place.",
                  "Ensure that there are no more than %(max)s decimal places.", "max"),
    ngettext_lazy("Ensure that there are no more than %(max)s digit before the decimal point.",
                  "Ensure that there are no more than %(max)s digits before the decimal point.", "max"),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("Value %(value)r is not a valid choice."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    ngettext_lazy("Ensure this filename has at most %(max)d character (it has %(length)d).",
                  "Ensure this filename has at most %(max)d characters (it has %(length)d).", "max"),
    gettext_noop("Please either submit a file or check the clear checkbox, not both."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Enter a valid JSON."),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"),
    gettext_noop("Please correct the duplicate data for %(field)s."),
    gettext_noop("Please correct the duplicate data for %(field)s, which must be unique."),
    gettext_noop("Please correct the duplicate data for %(field_name)s which must be unique for the %(lookup)s in "
                 "%(date_field)s."),
    gettext_noop("Please correct the duplicate values below."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it "
                 "may not exist."),
    gettext_noop("“%(path)s” does not exist"),
    # The weekday of Django's "D" date format, which our DATE_FORMAT shows: 토, not 토요일.
    gettext_noop("Mon"), gettext_noop("Tue"), gettext_noop("Wed"), gettext_noop("Thu"), gettext_noop("Fri"),
    gettext_noop("Sat"), gettext_noop("Sun"),
]

# django-celery-beat: the admin index shows these untranslated.
CELERY_BEAT = [
    gettext_noop("Periodic Tasks"),
    gettext_noop("periodic task"), gettext_noop("periodic tasks"),
    gettext_noop("interval"), gettext_noop("intervals"),
    gettext_noop("crontab"), gettext_noop("crontabs"),
    gettext_noop("clocked"),
    gettext_noop("solar event"), gettext_noop("solar events"),
]

MSGIDS = [*ADMIN, *AUTH, *FORMS, *CELERY_BEAT]
