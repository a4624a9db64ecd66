"""The public pages' fixtures: an organiser and venues in two zones."""
from tests.public.conftest import owner, venues  # noqa: F401
