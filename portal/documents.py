"""The files of numbered documents (invoice and credit-note PDFs, exemption documents): rendered
outside any lock, stored once, never replaced in place.

A document is numbered and saved in one short transaction (`portal.numbering`), with its file
fields empty. Its files are then rendered with no transaction open, so a slow render holds no row or
counter lock, and each is saved under its own name in the private storage (the storage picks a free
name when the wished-for one is taken, so an existing file is never overwritten). One more short
transaction records the paths only if the document still has none: when two renders race (a task
delivered twice), the first attaches its files and the second deletes the files it just stored,
which nothing refers to. What must happen exactly once per document (its e-mail, a notice, a count)
runs in that attaching transaction, through `on_attach`.

Anything a render needs that is not kept in the database (an exemption document's verification
code, shown only on paper) is made by the caller for that render and written in `changes`, so a
render that lost the race leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, models, transaction
from django.utils import timezone

# For an attach whose paths can be derived again by rendering again: PostgreSQL may acknowledge its
# commit before the disk flush (a crash can lose it, never corrupt anything).
NO_DISK_WAIT = "SET LOCAL synchronous_commit TO OFF"


@dataclass(frozen=True)
class DocumentFile:
    """One file of a document: the model field that holds its path, the path wished for and the
    function that renders its bytes."""

    field: str
    path: str
    render: Callable[[], bytes]


def document_file_store(*, path: str, content: bytes) -> str:
    """Save `content` in the private storage under `path`, or under a free name the storage picks
    when `path` is taken; never over an existing file. Returns the path used."""
    return storages["private"].save(path, ContentFile(content))


def document_files_attach(
    *, model: type[models.Model], pk: int, files: list[DocumentFile], changes: dict | None = None,
    on_attach: Callable[[dict[str, str]], None] | None = None, wait_for_disk: bool = True,
) -> tuple[bool, dict[str, str]]:
    """Render and store `files`, then record their paths (and `changes`) on the row `pk` of `model`
    only if its first file field is still empty; `on_attach` runs in that transaction when they were
    recorded, with the paths stored. Returns whether this call attached them, and the paths the row holds afterwards.

    Call it with no transaction open: the render is the slow part and must hold no lock. With
    `wait_for_disk=False` the attaching commit does not wait for the disk (for paths that a new
    render would derive again).
    """
    stored = {file.field: document_file_store(path=file.path, content=file.render()) for file in files}
    values = {**stored, **(changes or {})}
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    with transaction.atomic():
        if not wait_for_disk and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(NO_DISK_WAIT)
        attached = bool(model._default_manager.filter(pk=pk, **{files[0].field: ""}).update(**values))
        if attached and on_attach is not None:
            on_attach(stored)
    if attached:
        return True, stored
    storage = storages["private"]
    for path in stored.values():
        storage.delete(path)
    return False, model._default_manager.values(*stored).get(pk=pk)
