"""A safe subset of Markdown for notices and FAQ answers, rendered to HTML and cleaned by nh3.

The subset: paragraphs (a blank line between them; a single line break is kept), headings (`#`, `##`,
`###`), bullet lists (`-` or `*`), numbered lists (`1.`), `**bold**`, `*italic*`, links
`[text](https://…)` (http, https, mailto and paths of the site only) and bare https addresses. Any HTML
in the source is shown as text: the source is escaped before anything is turned into a tag, and nh3
then keeps only the tags and attributes below, whatever the conversion produced.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "h5", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:|/)[^\s()]*)\)")
_BARE_URL = re.compile(r"(?<![\"'=>/])\bhttps://[^\s<]+[^\s<.,;:!?)]")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")


def _inline(text: str) -> str:
    """Inline marks of one escaped line."""
    links: list[str] = []

    def keep(anchor: str) -> str:
        links.append(anchor)
        return f"\x00{len(links) - 1}\x00"

    text = _LINK.sub(lambda m: keep(f'<a href="{m[2]}">{m[1]}</a>'), text)
    text = _BARE_URL.sub(lambda m: keep(f'<a href="{m[0]}">{m[0]}</a>'), text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m[1])], text)


def _blocks(lines: list[str]) -> list[str]:
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def flush_paragraph() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            out.append(f"<{list_tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{list_tag}>")
            items.clear()
        list_tag = ""

    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            flush_paragraph()
            flush_list()
            continue
        heading = _HEADING.match(line)
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if heading:
            flush_paragraph()
            flush_list()
            level = len(heading[1]) + 2  # the page's own title is h1 and its sections h2
            out.append(f"<h{level}>{_inline(heading[2])}</h{level}>")
        elif bullet or numbered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag and list_tag != tag:
                flush_list()
            list_tag = tag
            items.append((bullet or numbered)[1])
        elif items:  # a continuation line of the last item
            items[-1] += " " + line.strip()
        else:
            paragraph.append(line.strip())
    flush_paragraph()
    flush_list()
    return out


def clean_html(value: str) -> str:
    """Keep only the subset's tags and attributes and safe link schemes; links get rel=noopener."""
    return nh3.clean(value, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def render_markdown(source: str) -> SafeString:
    """The HTML of `source` in the safe subset, cleaned; safe to put in a page."""
    escaped = html.escape(source or "", quote=True).replace("\r\n", "\n").replace("\r", "\n")
    return mark_safe(clean_html("\n".join(_blocks(escaped.split("\n")))))  # noqa: S308 (cleaned by nh3)
