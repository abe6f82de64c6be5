"""cpmap: Ofsted 2015/16 findings on police child-protection work, joined to ONS 2016 boundaries.

The package never imports streamlit: it is the tested, scriptable core behind the dashboard and the CLI.
"""

__version__ = "1.0.0"
