from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from scheduler.accounts.inputs import MAX_NAME_LENGTH
from scheduler.accounts.models import Role
from scheduler.web.forms.support import NOT_AN_EMAIL, REQUIRED, SelectChoice, no_nul
from scheduler.web.templating import ACCOUNT_ROLE_LABELS

MAX_PASSWORD = 200
DIFFERENT = _l("The two passwords differ: type the same one twice.")


def typed_twice(label: str, first_field: str) -> PasswordField:
    return PasswordField(label, [InputRequired(REQUIRED), EqualTo(first_field, message=DIFFERENT)])


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), [InputRequired(REQUIRED), Email(NOT_AN_EMAIL), Length(max=254)])
    password = PasswordField(_l("Password"), [InputRequired(REQUIRED), Length(max=MAX_PASSWORD)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class SignUpForm(FlaskForm):
    name = StringField(_l("Your name"),
                       [InputRequired(REQUIRED), Length(max=MAX_NAME_LENGTH), no_nul])
    email = EmailField(_l("Email"), [InputRequired(REQUIRED), Email(NOT_AN_EMAIL), Length(max=254)])
    password = PasswordField(_l("Password"), [InputRequired(REQUIRED), Length(max=MAX_PASSWORD)])
    password_again = typed_twice(_l("Password again"), "password")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     [InputRequired(REQUIRED), Length(max=MAX_PASSWORD)])
    # Named "password" so the service's "too short" lands under it.
    password = PasswordField(_l("New password"),
                             [InputRequired(REQUIRED), Length(max=MAX_PASSWORD)])
    password_again = typed_twice(_l("New password again"), "password")


class CloseAccountForm(FlaskForm):
    # Named as on the password change, where the service puts "wrong password".
    current_password = PasswordField(_l("Your password"),
                                     [InputRequired(REQUIRED), Length(max=MAX_PASSWORD)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), [InputRequired(REQUIRED), Email(NOT_AN_EMAIL), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"),
                             [InputRequired(REQUIRED), Length(max=MAX_PASSWORD)])
    password_again = typed_twice(_l("New password again"), "password")


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), [InputRequired(REQUIRED)],
                       choices=[SelectChoice(role.value, ACCOUNT_ROLE_LABELS[role])
                                for role in Role])
