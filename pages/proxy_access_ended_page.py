"""What a proxy sees on the request after their access to the record on screen ended or was revoked."""

from __future__ import annotations

from pages.base_page import BasePage


class ProxyAccessEndedPage(BasePage):
    path = "/home"
    title = "You no longer have access to this record"
