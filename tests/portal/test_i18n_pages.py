"""English and Spanish (DEM-03): a language control on every page, stored on the account (a
cookie before sign-in); Spanish pages say lang="es"; notices to the patient are in Spanish, PHI-free."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from messaging_support import page_text

from conftest import FAST_SETTINGS, PortalDriver
from reference_portal.services.i18n import translate
from reference_portal.translations import es

pytestmark = pytest.mark.portal


@pytest.fixture(params=["2026.1", "2026.2"])
def portal(request, make_app) -> PortalDriver:
    """Both releases speak both languages."""
    app = make_app(settings=replace(FAST_SETTINGS, release=request.param))
    return PortalDriver(app, app.test_client())


def switch(portal, language: str, page: str = "/"):
    response = portal.submit("/language", {"language": language, "next": page}, form_page=page)
    assert response.status_code == 302 and response.location == page
    return response


def html_lang(page: str) -> str:
    match = re.search(r'<html lang="([a-z]{2})"', page)
    assert match, page[:200]
    return match.group(1)


def heading(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page_text(response), re.S)
    assert match, page_text(response)[:500]
    return " ".join(match.group(1).split())


def test_every_public_page_offers_the_language_control_and_english_is_the_default(portal):
    for path in ("/", "/sign-in", "/activate", "/sign-up"):
        page = page_text(portal.client.get(path))
        assert html_lang(page) == "en"
        assert 'lang="es">Español</button>' in page and 'lang="en" aria-current="true">English</button>' in page


def test_before_sign_in_the_choice_is_kept_in_a_cookie(portal):
    switch(portal, "es")
    landing = portal.client.get("/")
    assert html_lang(page_text(landing)) == "es"
    assert heading(landing) == "Portal del paciente de Riverbend Health"
    assert ">Iniciar sesión<" in page_text(landing) and ">Active su cuenta<" in page_text(landing)
    sign_in = portal.client.get("/sign-in")
    assert heading(sign_in) == "Iniciar sesión"
    assert '<label class="label" for="username">Nombre de usuario</label>' in page_text(sign_in)
    activate = portal.client.get("/activate")
    assert '<label class="label" for="activation_code">Código de activación</label>' in page_text(activate)
    switch(portal, "en")
    assert heading(portal.client.get("/")) == "Riverbend Health patient portal"


def test_an_unknown_language_or_an_outside_address_changes_nothing(portal):
    response = portal.submit("/language", {"language": "fr", "next": "//evil.example/"}, form_page="/")
    assert response.location == "/"
    assert html_lang(page_text(portal.client.get("/"))) == "en"


def test_signed_in_the_choice_is_stored_on_the_account_and_follows_it(portal, other_browser):
    maria = portal.enroll_at_desk()
    portal.sign_in_fully(maria)
    switch(portal, "es", "/home")
    home = portal.client.get("/home")
    page = page_text(home)
    assert html_lang(page) == "es" and heading(home) == "Hola, Maria"
    assert re.search(r'<nav class="[^"]*" aria-label="Main">', page)
    for spanish in ("Inicio", "Mensajes", "Resultados de pruebas", "Resumen de salud", "Cerrar sesión"):
        assert f">{spanish}<" in page
    assert heading(portal.client.get("/messages")) == "Mensajes"
    assert heading(portal.client.get("/results")) == "Resultados de pruebas"
    assert heading(portal.client.get("/health-summary")) == "Resumen de salud"
    profile = page_text(portal.client.get("/profile"))
    assert "<h1>Su perfil</h1>" in profile and ">Solicitar cambios</button>" in profile
    # another browser, no cookie: the account's choice
    other_browser.sign_in_fully(maria)
    assert html_lang(page_text(other_browser.client.get("/home"))) == "es"


def test_a_spanish_speaking_patient_gets_spanish_notices_without_phi(portal):
    maria = portal.enroll_at_desk()
    portal.sign_in_fully(maria)
    switch(portal, "es", "/home")
    body = {"test_name": "HIV-1 antibody", "value": "Negative", "loinc_code": "7917-8"}
    portal.admin("POST", f"/patients/{maria['id']}/results", body, status=201)
    notice = portal.mail_to(maria["email"])[-1]
    assert notice["subject"] == "Tiene resultados de pruebas nuevos"
    assert notice["body"] == "Tiene resultados de pruebas nuevos. Inicie sesión para verlos.\n"
    assert "HIV" not in notice["body"] and "Negative" not in notice["body"]
    # the sign-in code too, with its code filled in
    other = portal.new_browser()
    other.sign_in(maria["username"], maria["password"])
    code_mail = portal.mail_to(maria["email"])[-1]
    assert code_mail["subject"] == "Su código de inicio de sesión de Riverbend"
    assert re.search(r"Su código de inicio de sesión de Riverbend es \d{6}\.", code_mail["body"])


def test_english_notices_are_unchanged(portal):
    maria = portal.enroll_at_desk()
    portal.admin("POST", f"/patients/{maria['id']}/results", {"test_name": "Glucose", "value": "90"}, status=201)
    notice = portal.mail_to(maria["email"])[-1]
    assert (notice["subject"], notice["body"]) == (
        "You have new test results",
        "You have new test results. Please sign in to see them.\n",
    )


def test_every_email_has_a_spanish_version_with_the_same_placeholders():
    from reference_portal import messages

    for name in dir(messages):
        if name.endswith("_SUBJECT") or name.endswith("_BODY"):
            english = getattr(messages, name)
            spanish = translate(english, "es")
            assert spanish != english, name
            assert sorted(re.findall(r"\{\w+\}", spanish)) == sorted(re.findall(r"\{\w+\}", english)), name
    assert all(
        re.findall(r"\{\w+\}", key) == re.findall(r"\{\w+\}", value) or "{" in key
        for key, value in es.CATALOGUE.items()
    )


def test_error_messages_are_translated_and_stay_tied_to_their_fields(portal):
    switch(portal, "es", "/sign-in")
    response = portal.submit("/sign-in", {"username": "", "password": ""})
    page = page_text(response)
    assert "Hay un problema" in page
    assert '<p class="field-error" id="username-error">Escriba su nombre de usuario</p>' in page


def test_staff_can_record_the_language_through_the_admin_api(portal):
    maria = portal.enroll_at_desk()
    refused = portal.admin("PUT", f"/patients/{maria['id']}/language", {"language": "fr"}, status=400)
    assert "language must be one of en, es" in refused["error"]
    chosen = portal.admin("PUT", f"/patients/{maria['id']}/language", {"language": "es"})
    assert chosen == {"patient_id": maria["id"], "account_id": maria["account_id"], "language": "es"}
    portal.sign_in(maria["username"], maria["password"])
    assert portal.mail_to(maria["email"])[-1]["subject"] == "Su código de inicio de sesión de Riverbend"
