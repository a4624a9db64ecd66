from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import Email, InputRequired, Length


class SignInForm(FlaskForm):
    email = EmailField("Email", [InputRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", [InputRequired(), Length(max=200)])
    remember = BooleanField("Keep me signed in on this device")
