"""The private storage of uploaded documents, as a callable for FileField(storage=...)."""

from django.core.files.storage import Storage, storages


class PrivateStorage(Storage):
    """Hands every call to storages["private"] as configured now, so that model fields and
    `storages["private"]` always mean the same place (also when tests swap the settings)."""

    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["private"], name)


_private = PrivateStorage()


def private_storage():
    return _private
