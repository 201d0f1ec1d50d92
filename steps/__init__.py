"""Step definitions, grouped by domain concept; registered in the root conftest."""
