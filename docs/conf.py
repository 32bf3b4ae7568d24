"""Sphinx configuration for qnet_plugin (MyST Markdown pages + autodoc API reference)."""

import re

project = "qnet_plugin"
author = "qnet_plugin developers"
release = "0.1.0"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
]
autosummary_generate = True
# ignore-module-all: a package that re-exports a class does not document it a second time.
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True,
                           "ignore-module-all": True}
autodoc_typehints = "description"
# Docstrings talk about the papers' notation; don't try to resolve every type as a reference.
nitpicky = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# "Attributes:" sections become :ivar: fields, so dataclass fields are not described twice.
napoleon_use_ivar = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "api/generated/_autosummary"]
templates_path = ["_templates"]
html_theme = "alabaster"
html_static_path = ["_static"]
# Docstrings are plain text in the papers' notation (indented continuation lines, ket-bra bars);
# docutils' layout complaints about them ("unexpected indentation") are not documentation defects.
# Every other warning (missing pages, broken references, MyST errors, import failures) fails -W.
suppress_warnings = ["myst.header", "autosummary.import_cycle", "docutils", "ref.python"]


# Physics docstrings use bra-ket notation (|psi><phi|), products (a*b) and subscripts (x_i) as
# plain text. reStructuredText would read "|...|" as substitutions, "*" as emphasis and "name_" as
# a link; escape them so the API pages show the docstrings as written.
_TRAILING_UNDERSCORE = re.compile(r"(\w)_(?=\W|$)")


def _escape_physics(app, what, name, obj, options, lines):
    for i, line in enumerate(lines):
        if line.lstrip().startswith((":param", ":type", ":return", ":rtype", ":raises", "..")):
            head, sep, tail = line.partition(": ") if line.lstrip().startswith(":") else ("", "", line)
            if not sep:
                continue
            line_tail = tail
        else:
            head, sep, line_tail = "", "", line
        # keep ``literal`` spans untouched
        parts = re.split(r"(``[^`]*``)", line_tail)
        for j in range(0, len(parts), 2):
            p = parts[j].replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
            parts[j] = _TRAILING_UNDERSCORE.sub(r"\1\\_", p)
        lines[i] = head + sep + "".join(parts)


def setup(app):
    app.connect("autodoc-process-docstring", _escape_physics, priority=600)
