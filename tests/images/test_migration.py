"""0016_images rebuilds film, event and venue on SQLite: their triggers must survive."""
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from scheduler import create_app, extensions
from tests.conftest import config_for

REBUILT = ("film", "event", "venue")


def triggers() -> dict[str, str]:
    with extensions.db.engine.connect() as connection:
        return dict(connection.execute(sa.text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all())


def test_sqlite_triggers_survive_the_images_migration_both_ways(tmp_path):
    app = create_app(config_for(f"sqlite:///{tmp_path / 'migrated.db'}"))
    with app.app_context():
        upgrade(revision="0014_questions")
        before = triggers()
        assert {name.split("_")[1] for name in before} >= set(REBUILT)
        upgrade(revision="0016_images")  # later migrations add triggers of their own
        assert triggers() == before
        downgrade(revision="0014_questions")
        assert triggers() == before
        extensions.db.engine.dispose()
