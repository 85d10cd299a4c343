"""Keep authors' and readers' text inert: no raw HTML, no script links.

Case files are content, not code: their Markdown may format text but never inject
HTML or run script. ``inert_markdown`` turns raw HTML into visible text before
Markdown sees it; ``SafeLinks`` (a Markdown extension for the whole site) drops any
link or image address whose scheme is not http, https or mailto, such as
``javascript:`` (however it is cased or padded).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def inert_markdown(text: str) -> str:
    """Markdown with every ``<`` shown as a character, so no tag or comment survives."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def is_safe_address(address: str) -> bool:
    """Relative addresses and http(s)/mailto ones are safe; ``javascript:`` and kin are not."""
    compact = _INVISIBLE.sub("", address).lower()
    match = _SCHEME.match(compact)
    return match is None or match.group(1) in SAFE_SCHEMES


class _DropUnsafeAddresses(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_address(value):
                    del element.attrib[attribute]


_DOUBLE_ESCAPED = re.compile(r"&amp;(lt|amp);")


class _UnescapeInertCode(Treeprocessor):
    """Code spans and blocks escape their text again: the ``&lt;`` that inert_markdown
    wrote would show as ``&lt;``, not ``<``. Undo that one level (the text stays escaped
    once: still inert). A hand-written guide's code that spells ``&lt;`` shows ``<``."""

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter("code"):
            if element.text and "&amp;" in element.text:
                element.text = type(element.text)(_DOUBLE_ESCAPED.sub(r"&\1;", element.text))


class SafeLinks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_UnescapeInertCode(md), "inert_code", -99)
        # Last of the tree processors: after links are built and MkDocs has resolved the
        # relative ones (it expects every link to keep an address), before serialising.
        md.treeprocessors.register(_DropUnsafeAddresses(md), "safe_links", -100)
