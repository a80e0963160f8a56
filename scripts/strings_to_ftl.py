#!/usr/bin/env python3
"""Moves user-facing text written in code into the Fluent catalogs.

    python3 scripts/strings_to_ftl.py [--check] [ROOT]

It converts the two forms text was written in before the catalogs:

1. rows `("key", "中文", "English")` of the page-string tables
   (`const STRINGS: &[(&str, &str, &str)]` in `src/web/i18n.rs` and in every
   `src/**/*strings.rs`) become entries `key = …` in
   `locales/zh-CN/<area>.ftl` and `locales/en/<area>.ftl`; the rows are removed
   from the table (which stays, empty, so code that names it compiles);
2. calls `Message::new("code", "中文", "English")`, whose texts are string
   literals or `format!` calls, become `Message::of("code")` (catalog key
   `msg-code`) or `Message::keyed("code", "msg-code-2")` when the code already
   has another wording, with `.arg("name", value)` for each value the format
   strings put in. `{name}` placeholders become Fluent variables `{ $name }`.

Calls it cannot convert (a text that is neither a literal nor a `format!` of
plain arguments, a format spec such as `{:.1}`, a code that is not a
literal) are listed and left as they are; they still compile.

Run it as often as you like: converted code has nothing left to convert, and
an entry already in the catalog with the same text is not written twice. An
existing page key whose text differs is updated from the table row (the row is
the newer). Afterwards run `cargo fmt --all` and `cargo test --lib i18n`.
`--check` changes nothing and exits 1 when something would be converted.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

LANGS = ("zh-CN", "en")

# Which catalog file (area) a table or a message goes to, by source path.
TABLE_AREAS = {
    "src/web/i18n.rs": "common",
    "src/web/pages/strings.rs": "enrollment",
    "src/web/mentor_pages_strings.rs": "mentoring",
    "src/web/credential_strings.rs": "credentials",
    "src/web/pages/recover_strings.rs": "enrollment",
}
MESSAGE_AREAS = [
    (r"selection", "selection"),
    (r"credential", "credentials"),
    (r"mentor|pairing|assessment|attendance|absence|session|certificate|rubric", "mentoring"),
    (r"cohort|workshop|manage|schedule|notices|calendar", "cohorts"),
    (r"eligib|qualification|identity|application|apply|forms|status|recover|nomination|refusal|mask", "enrollment"),
]


def table_area(rel: str) -> str:
    if rel in TABLE_AREAS:
        return TABLE_AREAS[rel]
    stem = Path(rel).stem
    stem = re.sub(r"_?strings$", "", stem)
    return stem or "common"


def message_area(rel: str) -> str:
    for pattern, area in MESSAGE_AREAS:
        if re.search(pattern, rel):
            return area
    return "common"


# --------------------------------------------------------------------------
# Rust lexing: just enough to find string literals, balanced calls, comments.

class Lit:
    """A Rust string literal: its text (unescaped) and its source span."""

    def __init__(self, value: str, start: int, end: int):
        self.value, self.start, self.end = value, start, end


def skip_ws_comments(s: str, i: int) -> int:
    while i < len(s):
        if s[i].isspace():
            i += 1
        elif s.startswith("//", i):
            j = s.find("\n", i)
            i = len(s) if j < 0 else j + 1
        elif s.startswith("/*", i):
            j = s.find("*/", i + 2)
            i = len(s) if j < 0 else j + 2
        else:
            break
    return i


def read_string(s: str, i: int) -> Lit | None:
    """The string literal starting at i ("…" or r#"…"#), or None."""
    start = i
    if s.startswith("r", i) and re.match(r'r#*"', s[i:]):
        m = re.match(r'r(#*)"', s[i:])
        hashes = m.group(1)
        body_start = i + m.end()
        end = s.find('"' + hashes, body_start)
        if end < 0:
            return None
        return Lit(s[body_start:end], start, end + 1 + len(hashes))
    if i >= len(s) or s[i] != '"':
        return None
    i += 1
    out = []
    while i < len(s):
        c = s[i]
        if c == '"':
            return Lit("".join(out), start, i + 1)
        if c == "\\":
            n = s[i + 1]
            if n == "n":
                out.append("\n"); i += 2
            elif n == "t":
                out.append("\t"); i += 2
            elif n == "r":
                out.append("\r"); i += 2
            elif n == "0":
                out.append("\0"); i += 2
            elif n in "\\\"'":
                out.append(n); i += 2
            elif n == "u":
                j = s.index("}", i)
                out.append(chr(int(s[i + 3:j], 16))); i = j + 1
            elif n == "x":
                out.append(chr(int(s[i + 2:i + 4], 16))); i += 4
            elif n == "\n":
                i += 2
                while i < len(s) and s[i] in " \t\r\n":
                    i += 1
            else:
                out.append(n); i += 2
        else:
            out.append(c); i += 1
    return None


def balanced_end(s: str, i: int) -> int:
    """Given s[i] == '(' (or '[' / '{'), the index just past its partner."""
    depth = 0
    pairs = {"(": ")", "[": "]", "{": "}"}
    closers = set(pairs.values())
    while i < len(s):
        c = s[i]
        if c == '"' or (c == "r" and re.match(r'r#*"', s[i:]) and not re.match(r"\w", s[i - 1])):
            lit = read_string(s, i)
            if lit is None:
                return -1
            i = lit.end
            continue
        if c == "'" and re.match(r"'(\\.|[^\\'])'", s[i:]):
            i += len(re.match(r"'(\\.|[^\\'])'", s[i:]).group(0))
            continue
        if s.startswith("//", i) or s.startswith("/*", i):
            i = skip_ws_comments(s, i)
            continue
        if c in pairs:
            depth += 1
        elif c in closers:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def split_args(s: str) -> list[str]:
    """Top-level comma-separated pieces of s (the inside of a call)."""
    out, depth, cur, i = [], 0, [], 0
    while i < len(s):
        c = s[i]
        if c == '"' or (c == "r" and re.match(r'r#*"', s[i:]) and (i == 0 or not re.match(r"\w", s[i - 1]))):
            lit = read_string(s, i)
            if lit is None:
                raise ValueError("unterminated string")
            cur.append(s[i:lit.end]); i = lit.end
            continue
        if s.startswith("//", i) or s.startswith("/*", i):
            j = skip_ws_comments(s, i)
            cur.append(" "); i = j
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            out.append("".join(cur).strip()); cur = []
        else:
            cur.append(c)
        i += 1
    last = "".join(cur).strip()
    if last:
        out.append(last)
    return out


def whole_literal(src: str) -> str | None:
    src = src.strip()
    lit = read_string(src, 0)
    if lit is not None and lit.end == len(src):
        return lit.value
    return None


# --------------------------------------------------------------------------
# Fluent text.

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def ftl_quote(text: str) -> str:
    return '{"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"}'


def ftl_literal(text: str) -> str:
    """Literal text inside a pattern: braces as string literals."""
    return "".join(ftl_quote(c) if c in "{}" else c for c in text)


def ftl_pattern(parts: list[tuple[str, str]]) -> str:
    """A Fluent pattern from ('text', …) and ('var', name) parts."""
    lines: list[str] = [""]
    for kind, value in parts:
        if kind == "var":
            lines[-1] += "{ $" + value + " }"
            continue
        pieces = value.split("\n")
        for n, piece in enumerate(pieces):
            if n > 0:
                lines.append("")
            lines[-1] += ftl_literal(piece)
    fixed = []
    for n, line in enumerate(lines):
        # Fluent drops leading and trailing blanks of a line; keep ours.
        lead = len(line) - len(line.lstrip(" \t"))
        trail = len(line) - len(line.rstrip(" \t"))
        if line.strip() == "":
            line = ftl_quote(line) if line else ('{""}' if len(lines) > 1 or n == 0 else line)
        else:
            if lead:
                line = ftl_quote(line[:lead]) + line[lead:]
            if trail:
                line = line[: len(line) - trail] + ftl_quote(line[len(line) - trail:])
            if n > 0 and line[0] in "[*.":
                line = ftl_quote(line[0]) + line[1:]
        fixed.append(line)
    if len(fixed) == 1:
        return fixed[0]
    return "\n" + "\n".join("    " + l for l in fixed)


def parse_placeholders(text: str, positional: list[str] | None, named: dict[str, str]):
    """Splits a format string into parts. Returns (parts, args) where args maps
    a variable name to the Rust expression that fills it, or None when the
    string uses what this script does not convert (format specs)."""
    parts: list[tuple[str, str]] = []
    args: dict[str, str] = {}
    buf, i, pos = [], 0, 0
    while i < len(text):
        c = text[i]
        if text.startswith("{{", i):
            buf.append("{"); i += 2; continue
        if text.startswith("}}", i):
            buf.append("}"); i += 2; continue
        if c == "{":
            j = text.find("}", i)
            if j < 0:
                return None
            inner = text[i + 1:j]
            if positional is None:
                # A plain literal: `{name}` is a placeholder by convention.
                if IDENT.fullmatch(inner):
                    if buf:
                        parts.append(("text", "".join(buf))); buf = []
                    parts.append(("var", inner))
                    args[inner] = ""
                else:
                    buf.append(text[i:j + 1])
                i = j + 1
                continue
            if ":" in inner:
                return None
            if inner == "":
                if pos >= len(positional):
                    return None
                expr = positional[pos]; pos += 1
            elif inner.isdigit():
                if int(inner) >= len(positional):
                    return None
                expr = positional[int(inner)]
            elif IDENT.fullmatch(inner):
                expr = named.get(inner, inner)
                if inner not in named:
                    expr = inner
            else:
                return None
            if buf:
                parts.append(("text", "".join(buf))); buf = []
            name = var_name(expr)
            if name is None:
                return None
            if name in args and args[name] != expr:
                return None
            args[name] = expr
            parts.append(("var", name))
            i = j + 1
            continue
        buf.append(c); i += 1
    if buf:
        parts.append(("text", "".join(buf)))
    return parts, args


LABEL = re.compile(r"\.label\(\s*(?:crate::i18n::)?Locale::(?:Zh|En)\s*\)$")


def canonical(expr: str) -> str:
    """`x.label(Locale::Zh)` and `x.label(Locale::En)` are one value: the
    catalog key `x.label_key()`, looked up in the reader's language."""
    return LABEL.sub(".label_key()", expr.strip())


def var_name(expr: str) -> str | None:
    """A variable name for a Rust expression: its last identifier (the value's
    own for a label)."""
    e = expr.strip()
    if e.endswith(".label_key()"):
        e = e[: -len(".label_key()")]
    e = re.sub(r"\(\s*\)$", "", e)  # a method call without arguments
    m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*$", e)
    if not m:
        return None
    name = m.group(1)
    if name.isupper():
        name = name.lower()
    return name


def text_form(src: str):
    """(parts, args) for a text argument: a literal or `format!(lit, …)`."""
    lit = whole_literal(src)
    if lit is not None:
        return parse_placeholders(lit, None, {})
    m = re.fullmatch(r"format!\s*\((.*)\)", src.strip(), re.S)
    if not m:
        return None
    pieces = split_args(m.group(1))
    if not pieces:
        return None
    fmt = whole_literal(pieces[0])
    if fmt is None:
        return None
    positional, named = [], {}
    for p in pieces[1:]:
        nm = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)", p, re.S)
        if nm and not p.strip().startswith("=="):
            named[nm.group(1)] = nm.group(2).strip()
        else:
            positional.append(canonical(p))
    named = {k: canonical(v) for k, v in named.items()}
    return parse_placeholders(fmt, positional, named)


# --------------------------------------------------------------------------
# The catalog files.

ENTRY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]?(.*)$")


class Catalog:
    def __init__(self, root: Path):
        self.root = root
        # lang -> area -> list of lines
        self.files: dict[str, dict[str, list[str]]] = {lang: {} for lang in LANGS}
        # lang -> key -> (area, start line index, end line index)
        self.changed: set[tuple[str, str]] = set()
        for lang in LANGS:
            d = root / "locales" / lang
            if d.is_dir():
                for f in sorted(d.glob("*.ftl")):
                    self.files[lang][f.stem] = f.read_text(encoding="utf-8").splitlines()

    def find(self, lang: str, key: str):
        for area, lines in self.files[lang].items():
            for n, line in enumerate(lines):
                m = ENTRY.match(line)
                if m and m.group(1) == key:
                    end = n + 1
                    while end < len(lines) and lines[end].startswith(" "):
                        end += 1
                    return area, n, end
        return None

    def value(self, lang: str, key: str) -> str | None:
        hit = self.find(lang, key)
        if hit is None:
            return None
        area, start, end = hit
        lines = self.files[lang][area]
        first = ENTRY.match(lines[start]).group(2)
        if end == start + 1:
            return first
        return "\n" + "\n".join(lines[start + 1:end])

    def put(self, lang: str, area: str, key: str, pattern: str, comment: str | None = None):
        """Writes key = pattern: in place when the key exists, else at the end
        of the area's file."""
        entry = f"{key} = {pattern}" if not pattern.startswith("\n") else f"{key} ={pattern}"
        new_lines = entry.split("\n")
        hit = self.find(lang, key)
        if hit is not None:
            a, start, end = hit
            self.files[lang][a][start:end] = new_lines
            self.changed.add((lang, a))
            return
        lines = self.files[lang].setdefault(area, [])
        if comment:
            if lines and lines[-1] != "":
                lines.append("")
            lines.append(f"## {comment}")
        lines.extend(new_lines)
        self.changed.add((lang, area))

    def save(self):
        for lang, area in sorted(self.changed):
            path = self.root / "locales" / lang / f"{area}.ftl"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(self.files[lang][area]).rstrip("\n") + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# 1. Tables.

TABLE_DECL = re.compile(r"const\s+STRINGS\s*:\s*&\[\(\s*&str\s*,\s*&str\s*,\s*&str\s*\)\]\s*=\s*&")


def convert_tables(root: Path, cat: Catalog, report: list[str]) -> dict[Path, str]:
    changed = {}
    files = sorted(set(root.glob("src/**/*strings.rs")) | {root / "src/web/i18n.rs"})
    for path in files:
        if not path.exists():
            continue
        rel = path.relative_to(root).as_posix()
        s = path.read_text(encoding="utf-8")
        out, pos = [], 0
        for m in TABLE_DECL.finditer(s):
            open_at = m.end()
            if s[open_at] != "[":
                continue
            close = balanced_end(s, open_at)
            body = s[open_at + 1:close - 1]
            area = table_area(rel)
            i, moved = 0, 0
            comment = None
            while True:
                # Blanks and comments between rows; a comment names the rows after it.
                while i < len(body):
                    if body[i].isspace() or body[i] == ",":
                        i += 1
                    elif body.startswith("//", i):
                        e = body.find("\n", i)
                        e = len(body) if e < 0 else e
                        comment = body[i + 2:e].strip()
                        i = e
                    elif body.startswith("/*", i):
                        i = skip_ws_comments(body, i)
                    else:
                        break
                if i >= len(body):
                    break
                if body[i] != "(":
                    raise SystemExit(f"{rel}: unexpected text in the table near {body[i:i + 40]!r}")
                end = balanced_end(body, i)
                row = split_args(body[i + 1:end - 1])
                vals = [whole_literal(r) for r in row]
                if len(vals) != 3 or any(v is None for v in vals):
                    raise SystemExit(f"{rel}: a row that is not three literals: {body[i:end]!r}")
                key, zh, en = vals
                for lang, text in (("zh-CN", zh), ("en", en)):
                    parts, _ = parse_placeholders(text, None, {})
                    pattern = ftl_pattern(parts)
                    if cat.value(lang, key) != pattern:
                        cat.put(lang, area, key, pattern, comment)
                comment = None
                moved += 1
                i = end
            if moved:
                out.append(s[pos:open_at])
                out.append("[]")
                pos = close
                report.append(f"{rel}: {moved} rows moved to locales/*/{area}.ftl")
        if out:
            out.append(s[pos:])
            changed[path] = "".join(out)
    return changed


# --------------------------------------------------------------------------
# 2. Message::new calls.

CALL = re.compile(r"Message::new\s*\(")


def convert_messages(root: Path, cat: Catalog, report: list[str], skipped: list[str],
                     overrides: dict[Path, str]) -> dict[Path, str]:
    changed = {}
    for path in sorted(root.glob("src/**/*.rs")):
        rel = path.relative_to(root).as_posix()
        if rel.endswith("i18n/message.rs"):
            continue
        s = overrides.get(path) or path.read_text(encoding="utf-8")
        out, pos, n_conv = [], 0, 0
        for m in CALL.finditer(s):
            if m.start() < pos:
                continue
            line_start = s.rfind("\n", 0, m.start()) + 1
            if s[line_start:m.start()].lstrip().startswith("//"):
                continue
            open_at = m.end() - 1
            close = balanced_end(s, open_at)
            if close < 0:
                continue
            line = s.count("\n", 0, m.start()) + 1
            try:
                args = split_args(s[open_at + 1:close - 1])
            except ValueError:
                skipped.append(f"{rel}:{line}: cannot read the call")
                continue
            if len(args) != 3:
                skipped.append(f"{rel}:{line}: not three arguments")
                continue
            code = whole_literal(args[0])
            zh, en = text_form(args[1]), text_form(args[2])
            if code is None or zh is None or en is None:
                skipped.append(f"{rel}:{line}: {args[0]}: texts are not literals or plain format! calls")
                continue
            (zh_parts, zh_args), (en_parts, en_args) = zh, en
            if set(zh_args) != set(en_args) or any(
                zh_args[k] and en_args[k] and zh_args[k] != en_args[k] for k in zh_args
            ):
                skipped.append(f"{rel}:{line}: {code}: the languages put in different values")
                continue
            zh_pat, en_pat = ftl_pattern(zh_parts), ftl_pattern(en_parts)
            base = "msg-" + code
            key, n = base, 1
            while True:
                have_zh, have_en = cat.value("zh-CN", key), cat.value("en", key)
                if have_zh is None and have_en is None:
                    area = message_area(rel)
                    cat.put("zh-CN", area, key, zh_pat)
                    cat.put("en", area, key, en_pat)
                    break
                if have_zh == zh_pat and have_en == en_pat:
                    break
                n += 1
                key = f"{base}-{n}"
            call = f'Message::of("{code}")' if key == base else f'Message::keyed("{code}", "{key}")'
            for name in sorted(zh_args, key=lambda k: [p[1] for p in zh_parts if p[0] == "var"].index(k)):
                expr = zh_args[name] or en_args[name]
                if expr.endswith(".label_key()"):
                    call += f'.arg_key("{name}", {expr})'
                elif expr:
                    call += f'.arg("{name}", &{expr})'
                else:
                    skipped.append(f"{rel}:{line}: {code}: placeholder {{{name}}} now {{ ${name} }}; give it with .arg(\"{name}\", …)")
            out.append(s[pos:m.start()])
            out.append(call)
            pos = close
            n_conv += 1
        if n_conv:
            out.append(s[pos:])
            changed[path] = "".join(out)
            report.append(f"{rel}: {n_conv} Message::new calls converted")
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    rest = [a for a in argv if not a.startswith("--")]
    root = Path(rest[0] if rest else Path(__file__).resolve().parent.parent)
    cat = Catalog(root)
    report, skipped = [], []
    tables = convert_tables(root, cat, report)
    messages = convert_messages(root, cat, report, skipped, tables)
    changed = {**tables, **messages}
    for line in report:
        print(line)
    for line in skipped:
        print("left as it is:", line, file=sys.stderr)
    if check:
        return 1 if changed or cat.changed else 0
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
    cat.save()
    if changed or cat.changed:
        print("done; now run: cargo fmt --all && cargo test --lib i18n")
    else:
        print("nothing to convert")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
