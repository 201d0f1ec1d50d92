"""Page objects of the bundled reference portal: one class per screen, intent methods, role locators."""
