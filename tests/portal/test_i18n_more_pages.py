"""Spanish (DEM-03) on the proxy pages (banner, switcher, sharing, proxy activation, access ended),
the record download/send/activity pages and the password reset pages; English stays as it was."""

from __future__ import annotations

import re

import pytest
from proxy_support import at, banner, clinic, enrolled_adult, h1, page_text, switch_to

pytestmark = pytest.mark.portal

GRANTED_AT = "2026-03-10T18:00:00Z"
_RESET_LINK = re.compile(r"http://localhost(/password/reset/[A-Za-z0-9_-]+)")


def spanish(portal, page: str = "/"):
    """Choose Spanish with the language control (on the account once signed in, else in a cookie)."""
    response = portal.submit("/language", {"language": "es", "next": page}, form_page=page)
    assert response.status_code == 302


def lang(response) -> str:
    match = re.search(r'<html lang="([a-z]{2})"', page_text(response))
    assert match
    return match.group(1)


def label(response, field: str) -> str:
    match = re.search(rf'<label[^>]*for="{field}">(.*?)</label>', page_text(response), re.S)
    assert match, field
    return " ".join(match.group(1).split())


def statuses(response) -> list[str]:
    found = re.search(r'<div class="notice notice-success" role="status">(.*?)</div>', page_text(response), re.S)
    return re.findall(r"<p>(.*?)</p>", found.group(1)) if found else []


def button_names(response) -> list[str]:
    buttons = re.findall(r"<button[^>]*>(.*?)</button>", page_text(response), re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", button).split()) for button in buttons]


def button_action(response, name: str) -> str:
    for action, button in re.findall(
        r'<form method="post" action="([^"]+)">.*?<button[^>]*>(.*?)</button>', page_text(response), re.S
    ):
        if " ".join(re.sub(r"<[^>]+>", "", button).split()) == name:
            return action
    raise AssertionError(f"no button {name!r}")


@pytest.fixture
def two_adults(portal):
    at(portal, "i18n-proxy", GRANTED_AT)
    where = clinic(portal, "America/Denver")
    maria = enrolled_adult(portal, where, first_name="Maria")
    ana = enrolled_adult(portal, where, first_name="Ana", last_name="Silva")
    return maria, ana


def test_sharing_banner_switcher_and_access_ended_in_spanish(portal, other_browser, two_adults):
    maria, ana = two_adults
    portal.sign_in_fully(maria)
    spanish(portal, "/sharing")
    page = portal.client.get("/sharing")
    assert lang(page) == "es" and h1(page) == "Comparta el acceso a su expediente"
    assert label(page, "proxy_identifier") == "Nombre de usuario o correo electrónico"
    assert label(page, "ends_on") == "El acceso termina el"
    assert "Nadie más puede ver su expediente." in page_text(page)
    assert "Compartir el acceso" in button_names(page)

    shared = portal.submit("/sharing", {"proxy_identifier": ana["username"], "ends_on": ""})
    assert shared.status_code == 302
    page = portal.client.get("/sharing")
    assert statuses(page) == ["Ana Silva ahora puede ver su expediente hasta el 10 September 2027."]
    assert '<th scope="col">Relación</th>' in page_text(page)
    assert ">Representante adulto<" in page_text(page) and ">Acceso completo<" in page_text(page)
    assert {"Renovar el acceso de Ana Silva", "Quitar el acceso de Ana Silva"} <= set(button_names(page))

    other_browser.use_clock("i18n-proxy")
    other_browser.sign_in_fully(ana)
    spanish(other_browser, "/home")
    home = other_browser.client.get("/home")
    assert label(home, "record-switcher") == "Expediente de"
    assert ">Su propio expediente</option>" in page_text(home) and ">Cambiar</button>" in page_text(home)
    switch_to(other_browser, maria["id"])
    assert banner(other_browser.client.get("/home")) == "Está viendo el expediente de Maria acceso completo"

    revoked = portal.submit(button_action(page, "Quitar el acceso de Ana Silva"), {}, form_page="/sharing")
    assert revoked.status_code == 302
    assert statuses(portal.client.get("/sharing")) == ["Ana Silva ya no puede ver su expediente."]
    ended = other_browser.client.get("/messages")
    assert ended.status_code == 403 and lang(ended) == "es"
    assert h1(ended) == "Ya no tiene acceso a este expediente"
    assert "Ahora está viendo su propio expediente." in page_text(ended)


def test_proxy_activation_in_spanish(portal):
    at(portal, "i18n-proxy-code", GRANTED_AT)
    where = clinic(portal, "America/Chicago")
    child = portal.patient(where, first_name="Leo", date_of_birth="2020-05-01", email=None)
    code = portal.admin("POST", "/proxy-codes", {"patient_id": child["id"], "relationship": "parent"}, status=201)
    spanish(portal, "/activate/proxy")
    page = portal.client.get("/activate/proxy")
    assert lang(page) == "es" and h1(page) == "Activar el acceso como representante"
    assert label(page, "proxy_code") == "Código de representante"
    assert label(page, "patient_date_of_birth") == "Fecha de nacimiento del paciente"
    refused = portal.submit("/activate/proxy", {"proxy_code": "", "patient_date_of_birth": ""})
    assert "Escriba su código de representante" in page_text(refused)
    checked = portal.submit("/activate/proxy", {"proxy_code": code["code"], "patient_date_of_birth": "2020-05-01"})
    assert checked.status_code == 302
    account = portal.client.get(checked.location)
    assert h1(account) == "Cree su cuenta de representante"
    assert "Cree su propia cuenta para ver el expediente de Leo." in page_text(account)
    assert label(account, "first_name") == "Nombre" and "Crear cuenta" in button_names(account)


def test_record_download_send_and_activity_in_spanish(portal):
    maria = portal.enroll_at_desk()
    portal.sign_in_fully(maria)
    spanish(portal, "/health-summary/download")
    download = portal.client.get("/health-summary/download")
    assert lang(download) == "es" and h1(download) == "Descargue su expediente"
    assert '<legend class="legend">Formato</legend>' in page_text(download)
    assert "Descargar" in button_names(download)
    transmit = portal.client.get("/health-summary/transmit")
    assert h1(transmit) == "Envíe su expediente"
    assert label(transmit, "understood") == "Entiendo que el correo electrónico no es seguro"
    refused = portal.submit("/health-summary/transmit", {"dates": "everything"})
    assert "Elija adónde enviar el expediente" in page_text(refused)
    activity = portal.client.get("/health-summary/activity")
    assert h1(activity) == "Registro de actividad"
    assert "Nadie ha visto, descargado ni enviado este expediente todavía." in page_text(activity)


def test_adding_a_reading_in_spanish(portal):
    maria = portal.enroll_at_desk()
    portal.sign_in_fully(maria)
    spanish(portal, "/health-summary/readings/new")
    page = portal.client.get("/health-summary/readings/new")
    assert lang(page) == "es" and h1(page) == "Agregar una medición"
    assert "Presión arterial en mmHg, como 120/80." in page_text(page)
    refused = portal.submit("/health-summary/readings/new", {"reading_type": "", "value": "", "taken_on": ""})
    assert "Elija el tipo de medición" in page_text(refused)
    english = portal.new_browser()
    english.sign_in_fully(maria)
    portal.submit("/language", {"language": "en", "next": "/home"}, form_page="/home")
    assert "Blood pressure in mmHg, like 120/80." in page_text(english.client.get("/health-summary/readings/new"))


def test_password_reset_pages_in_spanish(portal):
    maria = portal.enroll_at_desk(username="maria.reset")
    spanish(portal, "/password/forgot")
    forgot = portal.client.get("/password/forgot")
    assert lang(forgot) == "es" and h1(forgot) == "Restablezca su contraseña"
    assert label(forgot, "username") == "Nombre de usuario" and "Enviar enlace para restablecer" in button_names(forgot)
    sent = portal.submit("/password/forgot", {"username": "maria.reset"})
    sent_page = portal.client.get(sent.location)
    assert h1(sent_page) == "Revise su correo electrónico"
    assert [text[:48] for text in statuses(sent_page)] == ["Si existe una cuenta con ese nombre de usuario, "]
    bogus = portal.client.get("/password/reset/not-a-real-link")
    assert h1(bogus) == "Este enlace no se puede usar"
    assert "Este enlace para restablecer la contraseña no es válido. Pida uno nuevo." in page_text(bogus)
    link = _RESET_LINK.search(portal.mail_to(maria["email"])[-1]["body"])
    assert link
    opened = portal.client.get(link.group(1))
    reset = portal.client.get(opened.location)
    assert h1(reset) == "Elija una contraseña nueva"
    assert label(reset, "new_password") == "Contraseña nueva"
    assert label(reset, "confirm_new_password") == "Confirme la contraseña nueva"


def test_the_same_pages_stay_in_english_by_default(portal, two_adults):
    forgot = portal.client.get("/password/forgot")
    assert lang(forgot) == "en" and h1(forgot) == "Reset your password"
    assert h1(portal.client.get("/activate/proxy")) == "Activate proxy access"
    maria, ana = two_adults
    portal.sign_in_fully(maria)
    sharing = portal.client.get("/sharing")
    assert lang(sharing) == "en" and h1(sharing) == "Share access to your record"
    assert label(sharing, "ends_on") == "Access ends on"
    portal.submit("/sharing", {"proxy_identifier": ana["username"], "ends_on": ""})
    page = portal.client.get("/sharing")
    assert statuses(page) == ["Ana Silva can now see your record until 10 September 2027."]
    assert {"Renew access for Ana Silva", "Revoke access for Ana Silva"} <= set(button_names(page))
    assert h1(portal.client.get("/health-summary/download")) == "Download your record"
    assert h1(portal.client.get("/health-summary/transmit")) == "Send your record"
    assert h1(portal.client.get("/health-summary/activity")) == "Activity log"
