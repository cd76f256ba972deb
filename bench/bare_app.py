"""The bare comparison for bench/thread.py: a Flask app with one route returning a short string."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "ok"


@app.get("/healthz")
def healthz():
    return "ok"
