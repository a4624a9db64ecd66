"""The migrations and the models describe one schema, on every backend."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from scheduler import create_app, extensions
from tests.conftest import config_for
from tests.databases import BACKENDS, throwaway_database


@pytest.fixture(params=BACKENDS)
def empty_app(request, tmp_path):
    with throwaway_database(request.param, tmp_path) as url:
        app = create_app(config_for(url))
        with app.app_context():
            yield app
            extensions.db.engine.dispose()


def schema_differences() -> list:
    with extensions.db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, extensions.db.metadata)


def table_names() -> set[str]:
    return set(sa.inspect(extensions.db.engine).get_table_names())


def test_upgrade_gives_exactly_the_models_schema(empty_app):
    upgrade()
    assert schema_differences() == []
    assert table_names() == set(extensions.db.metadata.tables) | {"alembic_version"}


def test_downgrade_removes_everything_and_upgrade_works_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert table_names() <= {"alembic_version"}
    upgrade()
    assert schema_differences() == []
