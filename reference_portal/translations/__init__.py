"""Translation catalogues (DEM-03): one module per language, `CATALOGUE` mapping English text to it."""
