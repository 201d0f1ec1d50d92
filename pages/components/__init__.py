"""Parts shared by many screens: the error summary, status messages, the main navigation."""
