"""The portal's password hasher: Argon2id at OWASP's recommended minimum (docs/security.md, "Passwords")."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id with 19 MiB of memory, 2 passes and 1 lane: OWASP's first recommended setting.

    Django's own Argon2 defaults (100 MiB, 8 lanes) cost about seven times as much CPU per login;
    at these parameters two sync workers check the passwords of 500 logins in a minute with most of
    the two cores left for the pages (figures in docs/security.md). The algorithm name stays "argon2":
    a hash made with other Argon2 parameters still verifies and is rewritten with these at next login.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
