#!/usr/bin/env python3
"""List public library declarations that have no `///` doc comment.

Usage: Scripts/check-docs.py [ROOT]      (ROOT defaults to the package root)

Scans Sources/**/*.swift, except the executable (Sources/papercheck).

A declaration needs a doc comment when it is one of:
  - a declaration whose modifiers include `public` or `open`
    (types, funcs, inits, subscripts, vars, lets, typealiases, ...);
  - a `case` of a public enum;
  - a requirement of a public protocol (func, var, init, subscript,
    associatedtype, typealias).
`public extension` lines are not symbols and are skipped. The Codable
witnesses `public init(from decoder:)` and `public func encode(to encoder:)`
are exempt.

The doc comment must sit directly above the declaration: a `///` line or the
end of a `/** ... */` block. Attribute lines (`@available`, `@discardableResult`,
...) between the comment and the declaration are allowed; blank lines are not.

Prints `path:line: declaration` for each undocumented declaration, then a
count. Exits 1 when any is missing, 0 otherwise.
"""

import os
import re
import sys

EXCLUDED_DIRS = {os.path.join("Sources", "papercheck")}
EXCLUDED_FILES = set()

ATTRIBUTE = r"@\w+(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?"
MODIFIER = (r"(?:final|override|nonisolated|static|class|convenience|required|mutating|"
            r"nonmutating|indirect|lazy|dynamic|unowned|weak|optional|"
            r"(?:private|fileprivate|internal|package|public)\(set\))")
DECL_KEYWORD = (r"(?:struct|class|enum|protocol|actor|extension|func|var|let|init[?!]?|"
                r"subscript|typealias|associatedtype|case|macro|operator|precedencegroup|deinit)")

LEADING_ATTRIBUTES = re.compile(r"^(?:" + ATTRIBUTE + r"\s*)+")
PUBLIC_DECL = re.compile(
    r"^(?:(?:" + ATTRIBUTE + r"|" + MODIFIER + r")\s+)*(?:public|open)\s+"
    r"(?:(?:" + MODIFIER + r"|public|open)\s+)*(?P<kw>" + DECL_KEYWORD + r")\b")
TYPE_HEADER = re.compile(
    r"^(?:(?:" + ATTRIBUTE + r"|" + MODIFIER + r"|public|open|internal|package|"
    r"fileprivate|private)\s+)*(?P<kw>struct|class|enum|protocol|actor|extension)\b")
ENUM_CASE = re.compile(r"^(?:(?:" + ATTRIBUTE + r"|indirect)\s+)*case\b")
PROTOCOL_MEMBER = re.compile(
    r"^(?:(?:" + ATTRIBUTE + r"|" + MODIFIER + r")\s+)*"
    r"(?:func|var|let|init[?!]?|subscript|associatedtype|typealias)\b")
CODABLE_WITNESS = re.compile(
    r"^(?:(?:" + ATTRIBUTE + r")\s+)*public\s+(?:required\s+)?"
    r"(?:init\s*\(\s*from\s+decoder\s*:|func\s+encode\s*\(\s*to\s+encoder\s*:)")


def code_of_lines(text):
    """Yield, for each line, its code with comments and string contents removed.

    Handles // and nested /* */ comments, "..." strings with \\( ) interpolation
    (by skipping them wholesale, which is enough for brace counting), multi-line
    \"\"\" strings and raw strings (#"..."#).
    """
    lines = text.split("\n")
    out = []
    block_depth = 0          # nesting of /* */
    ml_string = None         # closing delimiter of an open multi-line string
    for line in lines:
        code = []
        i = 0
        n = len(line)
        while i < n:
            if ml_string is not None:
                j = line.find(ml_string, i)
                if j < 0:
                    i = n
                    break
                # skip escaped delimiter in non-raw strings
                if not ml_string.endswith("#") and j > 0 and line[j - 1] == "\\":
                    i = j + 1
                    continue
                i = j + len(ml_string)
                ml_string = None
                code.append('""')
                continue
            if block_depth > 0:
                if line.startswith("/*", i):
                    block_depth += 1
                    i += 2
                elif line.startswith("*/", i):
                    block_depth -= 1
                    i += 2
                else:
                    i += 1
                continue
            c = line[i]
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                block_depth = 1
                i += 2
                continue
            m = re.match(r'(#*)("""|")', line[i:])
            if m and (m.group(1) or c == '"'):
                hashes, quote = m.group(1), m.group(2)
                close = quote + hashes
                start = i + len(m.group(0))
                if quote == '"""':
                    rest = line[start:]
                    j = rest.find(close)
                    if j < 0:
                        ml_string = close
                        i = n
                        break
                    i = start + j + len(close)
                    code.append('""')
                    continue
                j = start
                while j < n:
                    if not hashes and line[j] == "\\":
                        j += 2
                        continue
                    if line.startswith(close, j):
                        break
                    j += 1
                i = min(n, j + len(close))
                code.append('""')
                continue
            code.append(c)
            i += 1
        out.append("".join(code))
    return lines, out


def has_doc_above(lines, index):
    j = index - 1
    while j >= 0:
        s = lines[j].strip()
        if s.startswith("@") and not s.startswith("@_exported"):
            j -= 1
            continue
        if s.startswith("///"):
            return True
        if s.endswith("*/"):
            k = j
            while k >= 0 and "/*" not in lines[k]:
                k -= 1
            return k >= 0 and "/**" in lines[k]
        return False
    return False


def check_file(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines, codes = code_of_lines(text)
    missing = []
    # scope stack entries: "public-enum", "public-protocol", "public-extension", "other"
    stack = []
    pending = None
    for index, code in enumerate(codes):
        s = code.strip()
        top = stack[-1] if stack else None
        needs_doc = False
        if s:
            header = TYPE_HEADER.match(s)
            is_public = bool(re.match(r"^(?:(?:" + ATTRIBUTE + r"|" + MODIFIER + r")\s+)*"
                                      r"(?:public|open)\b(?!\()", s))
            m = PUBLIC_DECL.match(s)
            if m and m.group("kw") != "extension":
                needs_doc = True
            elif top == "public-enum" and ENUM_CASE.match(s):
                needs_doc = True
            elif top in ("public-protocol",) and PROTOCOL_MEMBER.match(s):
                needs_doc = True
            elif top == "public-extension" and PROTOCOL_MEMBER.match(s) \
                    and not re.match(r"^(?:(?:" + ATTRIBUTE + r"|" + MODIFIER + r")\s+)*"
                                     r"(?:private|fileprivate|internal|package)\b", s):
                needs_doc = True
            if header:
                kw = header.group("kw")
                if is_public and kw == "enum":
                    pending = "public-enum"
                elif is_public and kw == "protocol":
                    pending = "public-protocol"
                elif is_public and kw == "extension":
                    pending = "public-extension"
                else:
                    pending = "other"
            if needs_doc and CODABLE_WITNESS.match(s):
                needs_doc = False
            if needs_doc and not has_doc_above(lines, index):
                missing.append((index + 1, lines[index].strip()))
        for c in code:
            if c == "{":
                stack.append(pending or "other")
                pending = None
            elif c == "}":
                if stack:
                    stack.pop()
    return missing


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sources = os.path.join(root, "Sources")
    total = 0
    per_module = {}
    for dirpath, dirnames, filenames in os.walk(sources):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        if any(rel_dir == d or rel_dir.startswith(d + os.sep) for d in EXCLUDED_DIRS):
            continue
        for name in sorted(filenames):
            if not name.endswith(".swift"):
                continue
            rel = os.path.join(rel_dir, name)
            if rel in EXCLUDED_FILES:
                continue
            for line, decl in check_file(os.path.join(root, rel)):
                print(f"{rel}:{line}: {decl}")
                module = rel.split(os.sep)[1]
                per_module[module] = per_module.get(module, 0) + 1
                total += 1
    if per_module:
        print("by module: " + ", ".join(f"{m} {c}" for m, c in sorted(per_module.items())))
    print(f"{total} public declaration(s) without a doc comment")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
