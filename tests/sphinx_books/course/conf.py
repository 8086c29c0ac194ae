# A small book for tests/test_sphinx_ext.py: pe_course.sphinx among the extensions it meets
# in the real book (Jupyter Book always loads sphinx_thebe), with the real book's settings
# for widgets. Nothing is executed: the notebooks carry their outputs.
project = "pe_course.sphinx test book"
extensions = ["myst_nb", "sphinx_thebe", "pe_course.sphinx"]
exclude_patterns = ["_build", "_lite_contents"]
nb_execution_mode = "off"
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
]
jupyterlite_content_dir = "_lite_contents"
jupyterlite_bind_ipynb_suffix = False
