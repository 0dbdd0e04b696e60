"""The Content-Security-Policy of a built page, as a <meta> tag early in its <head>.

Everything comes from the site itself; scripts from the site's files and, inline, only the exact scripts the
build wrote into that page (Material's), each allowed by its SHA-256
hash — never 'unsafe-inline' for scripts, so text from data that ever became a script would not run. Styles
allow inline because Plotly adds <style> elements and style attributes at run time. The hashes are computed
from the written page, so the policy is right whatever the templates emit, and the same page gives the same
bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re

POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
# The HTML tokenizer ends a script at `</script` followed by whitespace, / or >; the hash covers the text
# before it, with line breaks as the browser reads them.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script[\t\n\f\r />]", re.I | re.S)
_SRC = re.compile(r"(?:^|\s)src\s*=", re.I)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# script types a browser runs; any other (application/json) is a data block that no policy governs
_RUNNABLE = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
             "application/ecmascript", "application/x-javascript", "text/jscript"}
_META = re.compile(r'\n?[ \t]*<meta http-equiv="Content-Security-Policy" content="[^"]*">', re.I)
_AFTER = (re.compile(r"<meta charset[^>]*>", re.I), re.compile(r"<head\b[^>]*>", re.I),
          re.compile(r"<!doctype[^>]*>", re.I))


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script a browser would run, in page order."""
    out = []
    for match in _SCRIPT.finditer(page):
        attrs, body = match.group(1), match.group(2)
        kind = _TYPE.search(attrs)
        value = next((g for g in kind.groups() if g is not None), "") if kind else ""
        if not _SRC.search(attrs) and value.strip().lower() in _RUNNABLE:
            out.append(body.replace("\r\n", "\n").replace("\r", "\n"))
    return out


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(page: str) -> str:
    hashes = list(dict.fromkeys(script_hash(s) for s in inline_scripts(page)))
    return "; ".join([*POLICY, " ".join(["script-src 'self'", *hashes])])


def with_policy(page: str) -> str:
    """The page with its policy as the first element of <head> after the charset (a page written again
    gets its policy replaced, not repeated)."""
    page = _META.sub("", page)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    first_script = page.lower().find("<script")
    for pattern in _AFTER:
        found = pattern.search(page)
        if found and (first_script < 0 or found.end() <= first_script):
            line = page[page.rfind("\n", 0, found.start()) + 1:found.start()]
            indent = line if not line.strip() else ""  # line the tag up with the one it follows
            return page[:found.end()] + "\n" + indent + tag + page[found.end():]
    return tag + "\n" + page
