"""One-click accept from an invitation mail: the signed link opens a page whose one button accepts.

The link itself never changes anything on GET (mail scanners open links); the token, not a log-in, says who
answers, and the form carries the CSRF token as every form does.
"""

from mentorship.forms.sessions import AnswerForm
from mentorship.services.sessions import scheduling
from mentorship.services.sessions.calendar import session_title
from mentorship.services.sessions.links import LinkError, read_accept_token
from mentorship.web.htmx import render


def one_click(token: str):
    """Show the invitation and accept it with one button."""
    try:
        user, session = read_accept_token(token)
    except LinkError as error:
        return render("sessions/accept.html", None, status=400, problem=str(error), session=None, done=False)
    form = AnswerForm()
    problem = ""
    if form.validate_on_submit():
        try:
            scheduling.accept(session, user)
        except scheduling.SessionError as error:
            problem = str(error)
        else:
            return render("sessions/accept.html", None, session=session, user=user, done=True, problem="")
    status = 409 if problem else 200
    context = {"session": session, "user": user, "title": session_title(session, user.id), "form": form}
    return render("sessions/accept.html", None, status=status, problem=problem, done=False, **context)
