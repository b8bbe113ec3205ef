"""Optimistic locking: a second editor's save is refused, never silently applied."""

from django.db import models, transaction


class EditConflict(Exception):
    """Someone saved this object after the editor opened it; ``current`` is their version."""

    def __init__(self, current):
        super().__init__("edited by someone else")
        self.current = current


class Versioned(models.Model):
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def lock_before_saving(self):
        """Lock the rows that saving this object will write besides its own and that other
        writers lock before it, so that all take them in the same order."""

    def save_unless_changed(self, expected_version):
        """Save if nobody saved since ``expected_version`` was read; else raise EditConflict.

        The row is locked while comparing, so two concurrent saves cannot both pass.
        """
        with transaction.atomic():
            self.lock_before_saving()
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.lock_version != expected_version:
                raise EditConflict(current)
            self.lock_version = expected_version + 1
            self.save()
