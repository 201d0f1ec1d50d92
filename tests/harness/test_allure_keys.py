import hashlib

from portal_harness.allure_output import SCENARIO_ID_LABEL, key_by_scenario_id


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def test_history_and_test_case_ids_follow_the_scenario_id_not_the_name() -> None:
    renamed = {
        "name": "A new name",
        "historyId": "feature-name-hash.params",
        "labels": [{"name": SCENARIO_ID_LABEL, "value": "ENR-01"}],
    }
    original = {
        "name": "The old name",
        "historyId": "other-hash.params",
        "labels": [{"name": SCENARIO_ID_LABEL, "value": "ENR-01"}],
    }
    assert (
        key_by_scenario_id(renamed)["historyId"]
        == key_by_scenario_id(original)["historyId"]
        == f"{md5('ENR-01')}.params"
    )
    assert renamed["testCaseId"] == md5("ENR-01")


def test_results_without_an_id_are_left_alone() -> None:
    document = {"name": "plain", "historyId": "h"}
    assert key_by_scenario_id(dict(document)) == document
