"""Bylines are people: role labels, credits, placeholders go; desks, media houses and the
site itself go to ``source_agency``. Every byline here is written for the test."""

import pytest

from transforms.extract.author_kinds import is_organisation, label_of
from transforms.extract.author_site import not_the_site
from transforms.extract.authors import people_and_agencies


@pytest.mark.parametrize(
    "value, name",
    [
        ("责任编辑：李明华", "李明华"),
        ("记者 王小红", "王小红"),
        ("Autor: Jan Kowalski", "Jan Kowalski"),
        ("Texto: Ana Ruiz", "Ana Ruiz"),
        ("Escrito por María Soto", "María Soto"),
        ("Rédigé par Luc Martin", "Luc Martin"),
        ("Scritto da Paolo Neri", "Paolo Neri"),
        ("Автор: Ирина Петрова", "Ирина Петрова"),
        ("Napisała Ewa Lis", "Ewa Lis"),
    ],
)
def test_a_role_label_before_the_name_goes(value, name):
    assert people_and_agencies([value]) == ((name,), ())


@pytest.mark.parametrize(
    "value",
    ["Фото: Иван Сидоров", "Фото из архива редакции", "Foto: Jonas Berg", "Photo by Kim Lee",
     "Zdjęcie: Adam Nowak", "Credit: Sam Cole", "Unbenannt", "Untitled", "Sin título", "无标题",
     "Domena publiczna", "Public Domain"],
)  # fmt: skip
def test_credits_and_placeholders_are_no_author(value):
    assert people_and_agencies([value]) == ((), ())


@pytest.mark.parametrize(
    "value",
    ["Redaktion", "Rédaction", "Redacción Central", "Redakcja", "Newsroom", "Editorial Staff",
     "Nordstadt Presse", "Weststadt Media", "Daily News", "Kiezblatt Online", "Ostsee TV",
     "Lokalteil-Redaktion", "Hilfe-Team", "beispielseite pl", "Free Press", "Webteam",
     "Facebook Com", "Www Nachbarblatt De", "Kiezblatt It"],
)  # fmt: skip
def test_desks_and_media_houses_are_agencies(value):
    assert people_and_agencies([value]) == ((), (value,))


def test_a_byline_with_a_role_a_desk_and_an_agency_is_split():
    assert people_and_agencies(["Von Anna Weber, Redaktion / dpa"]) == (
        ("Anna Weber",),
        ("Redaktion", "dpa"),
    )


def test_a_source_label_names_an_agency():
    assert people_and_agencies(["Quelle: Nordpresse Agentur"]) == ((), ("Nordpresse Agentur",))
    assert people_and_agencies(["Źródło: Wieści Lokalne"]) == ((), ("Wieści Lokalne",))


def test_people_stay_people():
    values = ["Anna Weber und Jan Roth", "Newton Pressley", "Maria Teamson", "Jane Doe, MS, RD"]
    assert people_and_agencies(values)[0] == ("Anna Weber", "Jan Roth", "Newton Pressley",
                                              "Maria Teamson", "Jane Doe")  # fmt: skip


def test_a_sentence_with_a_colon_is_no_label():
    assert label_of("Was uns der Winter lehrt: ein Bericht über den Frost") == (
        None,
        "Was uns der Winter lehrt: ein Bericht über den Frost",
    )
    assert not is_organisation("Jan de Vries")


def test_a_one_word_site_name_is_no_person():
    assert not_the_site(("Sonnenblatt",), "Sonnenblatt", "sonnenblatt.example", stated=True) == ()


@pytest.mark.parametrize("value", ["Cortesía", "Courtesy of the family", "zvg", "Kai Brandt says"])
def test_courtesy_credits_and_commenters_are_no_author(value):
    assert people_and_agencies([value]) == ((), ())


@pytest.mark.parametrize(
    "value", ["Landesministerium für Verkehr", "Ratsfraktion Mitte", "Gartenfreunde Nord KG", "red"]
)
def test_compounds_and_companies_are_organisations(value):
    assert people_and_agencies([value]) == ((), (value,))


def test_a_surname_like_a_verb_stays():
    assert people_and_agencies(["Omar Said", "Ein Beitrag von Lena Hofmann"])[0] == (
        "Omar Said",
        "Lena Hofmann",
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Anna Weber: Redakteurin", ("Anna Weber",)),
        ("By John Smith: Special to the Post", ("John Smith",)),
        ("Text: Lena Roth", ("Lena Roth",)),
        ("Text und Fotos: Lena Roth", ("Lena Roth",)),
        ("Stand: 3.4.2021", ()),
    ],
)
def test_only_a_known_label_before_a_colon_goes(value, expected):
    assert people_and_agencies([value])[0] == expected


@pytest.mark.parametrize(
    "value",
    ["Photos: Jane Doe; Text: John Smith", "Text: John Smith, Fotos: Jane Doe",
     "Fotos: Jane Doe, Max Muster | Text: John Smith", "Text: John Smith, Photo by Kim Lee"],
)  # fmt: skip
def test_a_credit_beside_the_writer_goes_and_the_writer_stays(value):
    assert people_and_agencies([value]) == (("John Smith",), ())


@pytest.mark.parametrize(
    "value",
    ["Li Ru", "Wang Ru", "Anna De", "Tim Be", "Eyal Press", "Karl Radio", "Tom Steam",
     "Maria Teamson"],
)  # fmt: skip
def test_a_surname_like_a_domain_or_a_media_word_stays_a_person(value):
    assert people_and_agencies([value]) == ((value,), ())


def test_a_host_written_out_with_a_capital_suffix_is_the_site():
    assert not_the_site(("Nachbarblatt De",), None, "nachbarblatt.de", stated=True) == ()
    # a saved page without its URL: the site name written as a host stands for it
    assert not_the_site(("Nachbarblatt De",), "nachbarblatt.de", None, stated=True) == ()
    assert not_the_site(("Anna De",), "nachbarblatt.de", None, stated=True) == ("Anna De",)


@pytest.mark.parametrize("value", ["christian.stadtfeld", "J.Smith", "anna.weber"])
def test_a_dotted_user_name_is_no_agency(value):
    assert people_and_agencies([value]) == ((), ())


@pytest.mark.parametrize("value", ["oe24.at", "nachbarblatt.de", "kiezblatt.com", "Hafen.news"])
def test_a_domain_is_an_agency(value):
    assert people_and_agencies([value]) == ((), (value,))


def test_a_byline_that_is_the_host_is_an_agency():
    assert people_and_agencies(["harbour.example"], host="harbour.example") == (
        (),
        ("harbour.example",),
    )


@pytest.mark.parametrize(
    "value, agency", [("det/dpa", "dpa"), ("AFP/red", "AFP"), ("dpa/AFP", "dpa/AFP")]
)
def test_initials_and_an_agency_are_the_agency(value, agency):
    assert people_and_agencies([value]) == ((), (agency,))


def test_a_slash_without_an_agency_is_not_one():
    assert people_and_agencies(["km/h"])[1] == ()
