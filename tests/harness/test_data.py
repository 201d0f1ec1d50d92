"""The synthetic data: ages by band, unique identifiers, lab results, message texts, the target profile."""

from datetime import date

import pytest
from faker import Faker

from data.expectations import ProfileError, expectations_for
from data.lab_catalogue import SENSITIVE
from data.message_texts import BODIES
from data.providers import AGE_BANDS, PortalProvider

TODAY = date(2026, 11, 26)


def fake(seed: int = 1):
    faker = Faker("en_US")
    faker.add_provider(PortalProvider)
    faker.seed_instance(seed)
    return faker


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@pytest.mark.parametrize("band", list(AGE_BANDS))
def test_birth_dates_fall_inside_their_age_band(band) -> None:
    faker = fake()
    low, high = AGE_BANDS[band]
    for _ in range(200):
        assert low <= age_on(faker.date_of_birth_in_band(band, TODAY), TODAY) <= high


def test_a_birthday_can_be_placed_exactly_around_a_threshold() -> None:
    faker = fake()
    turns_12_tomorrow = faker.birthday_in(1, 12, TODAY)
    assert age_on(turns_12_tomorrow, TODAY) == 11
    assert age_on(turns_12_tomorrow, date(2026, 11, 27)) == 12
    assert faker.birthday_in(0, 18, TODAY) == date(2008, 11, 26)
    assert faker.birthday_in(0, 18, date(2028, 2, 29)) == date(2010, 2, 28)


def test_identifiers_carry_the_run_tag_and_the_seed_reproduces_people() -> None:
    assert fake(5).mrn("ab12").endswith("AB12") and fake(5).portal_username("Maria", "ab12").endswith(".ab12")
    assert fake(5).passphrase() == fake(5).passphrase()
    assert fake(5).passphrase() != fake(6).passphrase()


def test_lab_results_carry_units_ranges_and_flags() -> None:
    faker = fake()
    normal, high = faker.lab_result("routine"), faker.lab_result("routine", abnormal=True)
    assert normal.flag == "N" and high.flag == "H" and float(high.value) > high.test.high
    hiv = faker.lab_result("hiv", abnormal=True)
    assert hiv.test.sensitive == "hiv" and hiv.value == "Positive" and hiv.test.reference_range == "Negative"
    assert {t.sensitive for t in SENSITIVE} == {"hiv", "sti", "pregnancy"}


def test_message_bodies_exist_in_both_languages_and_are_filled_in() -> None:
    faker = fake()
    assert set(BODIES["en"]) == set(BODIES["es"])
    for language, topics in BODIES.items():
        for topic in topics:
            body = faker.message_body(topic, language)
            assert body and "{" not in body
    assert "chest pain" in fake(3).urgent_message("en").lower() or "breathe" in fake(3).urgent_message("en").lower()


def test_the_bundled_target_profile_holds_domain_defaults_and_says_what_is_missing() -> None:
    expected = expectations_for("demo")
    assert expected.enrollment.activation_code_lifetime_days == 7
    assert expected.proxy.parental_access_ends_at_age == 18
    with pytest.raises(ProfileError, match=r"\[enrollment\] has no setting 'nope'"):
        _ = expected.enrollment.nope
    with pytest.raises(ProfileError, match=r"copy data/targets/demo\.toml"):
        expectations_for("no-such-target")
