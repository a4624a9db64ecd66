from scheduler.accounts import services


def run(app, args, stdin=None):
    return app.test_cli_runner().invoke(args=["users", "create", *args], input=stdin)


def test_create_user_with_options(app):
    result = run(app, ["Tamar@Example.org", "--role", "organiser", "--name", "Tamar",
                       "--password", "long enough"])
    assert result.exit_code == 0, result.output
    assert "Created organiser tamar@example.org" in result.output
    with app.app_context():
        assert services.authenticate("tamar@example.org", "long enough") is not None


def test_create_user_prompts_for_what_is_missing(app):
    result = run(app, ["giorgi@example.org"], stdin="admin\nGiorgi\nlong enough\nlong enough\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert services.user_by_email("giorgi@example.org").is_admin


def test_duplicate_email_is_a_clear_error(app):
    args = ["dup@example.org", "--role", "attendee", "--name", "A", "--password", "long enough"]
    assert run(app, args).exit_code == 0
    result = run(app, [arg.upper() if "@" in arg else arg for arg in args])
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_unknown_role_is_refused(app):
    result = run(app, ["x@example.org", "--role", "superuser", "--name", "X",
                       "--password", "long enough"])
    assert result.exit_code == 2
    assert "superuser" in result.output
