"""Parameterised study notebooks, shipped with the package so `evalkit report` finds them."""
