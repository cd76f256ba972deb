"""User text: a safe Markdown subset and tag clean-up, shared by the board and threads."""

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "heading", "lheading", "html_block", "html_inline", "table"], ignoreInvalid=True
)

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "code", "pre", "blockquote", "hr", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9+#.\-]{0,29}$")
MAX_TAGS = 8


def render_markdown(text: str) -> Markup:
    """Markdown (emphasis, lists, links, code, quotes) to sanitised HTML."""
    html = _md.render(str(text or ""))  # a lazily translated sentence reads as its text
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
    return Markup(clean)


def parse_tags(raw: str | list[str]) -> tuple[list[str], list[str]]:
    """Split tags typed as "python, data science" into clean slugs; return (tags, invalid ones)."""
    parts = raw if isinstance(raw, list) else re.split(r"[,\n]", raw or "")
    tags: list[str] = []
    invalid: list[str] = []
    for part in parts:
        tag = re.sub(r"\s+", "-", part.strip().lower().lstrip("#"))
        if not tag:
            continue
        if not TAG_RE.match(tag):
            invalid.append(part.strip())
        elif tag not in tags:
            tags.append(tag)
    return tags, invalid
