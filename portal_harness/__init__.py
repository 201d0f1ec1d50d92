"""Portal Harness: a regression harness for patient portals.

The package holds the command-line interface (`portal-harness`), the pytest plugin that wires
the Gherkin suite to a browser and a portal, the run archive and the Allure report.
"""

__version__ = "0.1.0"
