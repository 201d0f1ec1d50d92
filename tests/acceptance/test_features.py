"""Binds every scenario under features/ to pytest (pytest-bdd). Steps live in steps/."""

from pytest_bdd import scenarios

scenarios(".")
