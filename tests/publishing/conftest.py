"""Fixtures of the publishing tests.

A real render takes a second or two, so a module renders its blueprint once (``rendered``)
inside a transaction of its own that is rolled back when the module ends; each test gets a
copy of the stored file in its own MEDIA_ROOT (``blueprint``). Data made by ``rendered``
is visible to every later test of the module: modules that count rows do not use it.
"""

import shutil

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import override_settings

from tests.publishing.factories import blueprint_story


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """One real blueprint render for the module, rolled back when the module ends."""
    media = tmp_path_factory.mktemp("rendered-media")
    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media),
          transaction.atomic()):
        story = blueprint_story()
        story.media = media
        with default_storage.open(story.job.file.name, "rb") as handle:
            story.pdf = handle.read()
        yield story
        transaction.set_rollback(True)


@pytest.fixture
def blueprint(rendered, db, settings):
    """The module's rendered blueprint, its file copied into this test's MEDIA_ROOT."""
    shutil.copytree(rendered.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    rendered.job.refresh_from_db()
    return rendered
