"""Markdown of notices and FAQ answers, parsed by markdown-it-py in a small CommonMark subset and cleaned by nh3.

The subset: paragraphs (a blank line between them; a single line break is kept), headings (`#` to `###`,
shown two levels down: the page's own title is h1 and its sections h2), bullet lists (`-`, `*`, `+`),
numbered lists (`1.`, `1)`), `**bold**`, `*italic*`, links `[text](https://…)` (http, https, mailto and
paths of the site only), `<https://…>` and bare `https://` addresses, and backslash escapes. Everything else
of CommonMark (HTML, images, code, quotes, rules, tables) is switched off, so it stays text; HTML typed into
the source is escaped by the parser (`html` off), and nh3 then keeps only the tags and attributes below,
whatever the parser produced.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "h5", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_LINK_PREFIXES = ("http://", "https://", "mailto:")
# markdown-it-py's rules that the subset switches on over its "zero" preset (paragraphs and text only).
_RULES = ["heading", "list", "emphasis", "link", "autolink", "linkify", "newline", "escape"]
_HEADING_SHIFT = 2  # `#` is h3
_LAST_HEADING = 5


def _link_allowed(url: str) -> bool:
    """http, https and mailto addresses and paths of this site (`/…`, not `//host`)."""
    url = url.strip().lower()
    return url.startswith(_LINK_PREFIXES) or (url.startswith("/") and not url.startswith("//"))


def _headings_down(state) -> None:
    """Core rule: `#` becomes h3, `##` h4, `###` and deeper h5."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + _HEADING_SHIFT, _LAST_HEADING)}"


def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": True}).enable(_RULES)
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})  # only addresses with a scheme
    md.validateLink = _link_allowed
    md.core.ruler.push("headings_down", _headings_down)
    return md


_MD = _parser()


def clean_html(value: str) -> str:
    """Keep only the subset's tags and attributes and safe link schemes; links get rel=noopener."""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(source: str) -> SafeString:
    """The HTML of `source` in the safe subset, cleaned; safe to put in a page."""
    return mark_safe(clean_html(_MD.render(source or "")).strip())  # noqa: S308 (cleaned by nh3)
