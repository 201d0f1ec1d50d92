"""The portal releases this package can behave as (`--release`)."""

RELEASES: tuple[str, ...] = ("2026.1", "2026.2")
LATEST_RELEASE: str = RELEASES[-1]
PRODUCT_NAME = "Riverbend Patient Portal"
