import json

import pytest

from portal_harness.allure_output import MaskingFileLogger
from portal_harness.masking import MASK, SecretRegistry, is_secret_name, mask_allure_document, mask_bytes


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "new_password",
        "Passcode",
        "passphrase",
        "otp",
        "one_time_code",
        "activation_code",
        "access_code",
        "verification",
        "session_token",
        "client_secret",
        "pin",
        "code",
        "CODE",
    ],
)
def test_secret_names_are_recognised(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["loinc", "topic", "username", "zip", "clinic", "postal_code", "name"])
def test_ordinary_names_are_not_secret(name: str) -> None:
    assert not is_secret_name(name)


def test_registered_values_are_scrubbed_from_text_including_compact_form() -> None:
    registry = SecretRegistry()
    registry.register("ABCD-EFGH-JK")
    assert registry.mask_text("code ABCD-EFGH-JK and ABCDEFGHJK") == f"code {MASK} and {MASK}"


def test_short_values_are_not_registered_so_words_survive() -> None:
    registry = SecretRegistry()
    registry.register("abc")
    assert registry.mask_text("abc") == "abc" and len(registry) == 0


def test_allure_document_masks_secret_parameters_by_name_and_values_everywhere() -> None:
    registry = SecretRegistry()
    registry.register("harbor maple orbit 42")
    document = {
        "name": "Maria signs in",
        "parameters": [{"name": "password", "value": "whatever-it-is"}, {"name": "topic", "value": "Billing"}],
        "steps": [
            {"name": "When Maria types harbor maple orbit 42", "parameters": [{"name": "code", "value": "123456"}]}
        ],
        "statusDetails": {"message": "expected harbor maple orbit 42"},
    }
    masked = mask_allure_document(document, registry)
    text = json.dumps(masked)
    assert "whatever-it-is" not in text and "harbor maple orbit 42" not in text and "123456" not in text
    assert masked["parameters"][1] == {"name": "topic", "value": "Billing"}
    assert masked["steps"][0]["name"] == f"When Maria types {MASK}"


def test_binary_attachments_are_left_alone_and_text_ones_scrubbed() -> None:
    registry = SecretRegistry()
    registry.register("s3cret-value")
    png = b"\x89PNG\r\n\x1a\n\xff\xfe"
    assert mask_bytes(png, registry) == png
    assert mask_bytes(b"log: s3cret-value", registry) == f"log: {MASK}".encode()


def test_masking_file_logger_writes_no_secret(tmp_path) -> None:
    from allure_commons.model2 import Parameter, TestResult

    registry = SecretRegistry()
    registry.register("ZXCV-BNMQ-WE")
    logger = MaskingFileLogger(tmp_path, registry=registry)
    result = TestResult(uuid="u1", name="uses ZXCV-BNMQ-WE", historyId="x.y")
    result.parameters.append(Parameter(name="activation_code", value="ZXCV-BNMQ-WE"))
    logger.report_result(result)
    logger.report_attached_data("trace ZXCV-BNMQ-WE", "a-attachment.txt")
    written = "".join(p.read_text() for p in tmp_path.iterdir())
    assert "ZXCV-BNMQ-WE" not in written and MASK in written


def test_allure_pytest_bdd_builds_the_masking_logger() -> None:
    import allure_pytest_bdd.plugin

    import portal_harness.plugin  # noqa: F401  (installing happens on import)

    assert allure_pytest_bdd.plugin.AllureFileLogger is MaskingFileLogger
