"""Sections of a Markdown file (BENCHMARKS.md) that different scripts own: each rewrites its own
section, from its `## ` heading to the next one, and leaves the others as they are."""


def split_off(text, heading):
    """(text without the section HEADING, that section or ""), the section running to the next
    `## ` heading or the end."""
    start = text.find(heading)
    if start < 0:
        return text, ""
    end = text.find("\n## ", start + len(heading))
    end = len(text) if end < 0 else end + 1
    return text[:start] + text[end:], text[start:end]


def replace_section(path, heading, lines):
    """Writes LINES (starting with HEADING) in place of PATH's section HEADING, or at its end."""
    text = path.read_text() if path.exists() else ""
    start = text.find(heading)
    body = "\n".join(lines)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + body
    else:
        rest, _ = split_off(text[start:], heading)
        text = text[:start] + body + rest
    path.write_text(text)
