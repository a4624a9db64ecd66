"""Extensions are created once here and bound to an app in create_app()."""
from typing import TYPE_CHECKING

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from scheduler.database import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()

if TYPE_CHECKING:
    # db.Model is made from Base at run time (adding the query property and table names);
    # a class built at run time cannot be a base class to the type checker, Base can.
    Model = Base
else:
    Model = db.Model
