"""The private storage of uploaded documents, as a callable for FileField(storage=...)."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
