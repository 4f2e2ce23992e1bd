"""Shared pytest set-up for tests, doctests and notebooks."""
import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")  # no display needed, and the same figures everywhere


@pytest.fixture(autouse=True)
def _fresh_pandas_display_options():
    """Each test and doctest starts from pandas' default display options (notebook set-up changes them)."""
    yield
    for option in ("display.precision", "display.max_columns", "display.max_rows", "display.width"):
        pd.reset_option(option)


@pytest.fixture(autouse=True)
def _fresh_disclosure_ledgers_for_doctests(request):
    """A doctest starts with no released tables in the process (a test module run before it in the same
    worker may have left some), as its reader starts a fresh session."""
    from _pytest.doctest import DoctestItem

    if isinstance(request.node, DoctestItem):
        from evalkit.publish.sdc import release

        release.reset_all()
    yield
