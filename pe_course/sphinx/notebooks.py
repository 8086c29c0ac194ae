"""Exercise notebooks: opened in the in-browser Notebook, or downloaded.

``{exercise-notebook} <path/to/notebook.ipynb>`` gives an "Open in JupyterLite" link and a
plain download link for a notebook; pages built from ``exercises/*.ipynb`` get the same
links at the top automatically. Without JavaScript only the download link shows. The
exercise folders (``pe_live_notebook_dirs``) are copied into JupyterLite's contents just
before jupyterlite-sphinx builds the JupyterLite site.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from pe_course.sphinx.live import LITE_DIR, live_html, mark_live_page, root_prefix

EXERCISES_DIR = "exercises"  # JupyterLite shows these under the same folder name
LITE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook, or its file name."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        cells = []
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.name


def _notebook_links_html(docname: str, notebook: str, download_href: str, title: str) -> str:
    """Links for one notebook: JupyterLite (shown with JavaScript) and a plain download."""
    name = posixpath.basename(notebook)
    lite = (f"{root_prefix(docname)}{LITE_DIR}/notebooks/index.html?"
            + urlencode({"path": notebook}, quote_via=quote, safe="/"))
    e = escape
    return (
        f'<div class="pe-notebook-links" data-pe-notebook="{e(notebook)}">\n'
        f'<p class="pe-notebook-title"><strong>Exercise notebook:</strong> {e(title)}</p>\n'
        f'<a class="pe-open-lite" href="{e(lite)}" hidden>Open the notebook in your browser '
        f"(nothing to install)</a>\n"
        f'<a class="pe-download-notebook" href="{e(download_href)}" download="{e(name)}">'
        f"Download the notebook ({e(name)})</a>\n"
        f"</div>\n")


class ExerciseNotebookDirective(SphinxDirective):
    """``{exercise-notebook} ../exercises/name.ipynb``: open-in-JupyterLite + download."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        rel_filename, filename = self.env.relfn2path(self.arguments[0])
        path = Path(filename)
        srcdir = Path(self.env.srcdir)
        if path.suffix != ".ipynb" or not path.is_file():
            raise ExtensionError(f"{self.get_location()}: exercise-notebook: "
                                 f"{self.arguments[0]!r} is not a notebook file")
        rel = path.resolve().relative_to(srcdir.resolve()).as_posix()
        if not rel.startswith(f"{EXERCISES_DIR}/"):
            raise ExtensionError(f"{self.get_location()}: exercise-notebook: {rel} is not in "
                                 f"{EXERCISES_DIR}/, which is all the JupyterLite site holds")
        self.env.note_dependency(rel_filename)
        # copied like a {download} target, so the file is in the site without JavaScript
        target = self.env.dlfiles.add_file(self.env.docname, rel_filename)
        download_href = f"{root_prefix(self.env.docname)}_downloads/{target}"
        mark_live_page(self.env, self.env.docname)
        html = _notebook_links_html(self.env.docname, rel, download_href, notebook_title(path))
        return [live_html(html=html)]


def _exercise_page_links(app: Sphinx, doctree: nodes.document) -> None:
    """Pages made from exercises/*.ipynb get the links under their title."""
    env = app.env
    docname = env.docname
    source = Path(env.doc2path(docname))
    if not docname.startswith(f"{EXERCISES_DIR}/") or source.suffix != ".ipynb":
        return
    rel = source.resolve().relative_to(Path(env.srcdir).resolve()).as_posix()
    target = env.dlfiles.add_file(docname, rel)
    href = f"{root_prefix(docname)}_downloads/{target}"
    node = live_html(html=_notebook_links_html(docname, rel, href, notebook_title(source)))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, node)
    else:
        doctree.insert(0, node)
    mark_live_page(env, docname)


def _copy_notebooks_for_lite(app: Sphinx, exception: Exception | None) -> None:
    """Put the exercise folders into JupyterLite's contents, with its kernel named.

    Runs just before jupyterlite-sphinx builds the JupyterLite site. (Its own
    ``jupyterlite_contents`` copies folders to ``_contents/`` whatever
    ``jupyterlite_content_dir`` says, so they would never reach the site; and a notebook
    whose kernelspec names ``python3`` would make JupyterLite ask which kernel to use.)
    """
    if exception is not None or app.builder.format != "html":
        return
    srcdir = Path(app.srcdir)
    target_root = srcdir / app.config.jupyterlite_content_dir
    for folder in app.config.pe_live_notebook_dirs:
        source_root = srcdir / folder
        for path in sorted(source_root.rglob("*")) if source_root.is_dir() else []:
            rel = path.relative_to(srcdir)
            if not path.is_file() or any(p.startswith(".") for p in rel.parts):
                continue
            target = target_root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".ipynb":
                notebook = json.loads(path.read_text(encoding="utf-8"))
                notebook.setdefault("metadata", {})["kernelspec"] = dict(LITE_KERNELSPEC)
                target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
            else:
                shutil.copyfile(path, target)


def register(app: Sphinx) -> None:
    app.add_config_value("pe_live_notebook_dirs", [EXERCISES_DIR], "html")
    app.add_directive("exercise-notebook", ExerciseNotebookDirective)
    app.connect("doctree-read", _exercise_page_links)
    # before jupyterlite-sphinx's own build-finished handler (priority 500) builds the site
    app.connect("build-finished", _copy_notebooks_for_lite, priority=400)
