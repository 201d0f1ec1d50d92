"""Synthetic data for the suite: Faker providers, personas, and the people a scenario creates.

No real PHI, ever: every person is generated, with identifiers that carry the run's tag.
"""
