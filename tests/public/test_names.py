"""A case or news text that names a mentee is caught in any grammatical case and word order."""

import pytest

from nastavnik.public.names import Person, named_people

PEOPLE = [Person("Иванова", "Мария"), Person("Смирнов", "Пётр"), Person("Петрова-Водкина", "Алёна")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Поздравляем Иванову Марию с победой!", ["Иванова Мария"]),
        ("Грамота вручена Марии Ивановой.", ["Иванова Мария"]),
        ("ИВАНОВА мария выступила", ["Иванова Мария"]),
        ("Смирнова Петра Сергеевича хвалили", ["Смирнов Пётр"]),
        ("Пётр С. Смирнов", ["Смирнов Пётр"]),
        ("Алёна Петрова-Водкина", ["Петрова-Водкина Алёна"]),
        ("Ученица 7 класса Мария рассказала о проекте", []),
        ("Фамилия Иванова встречается часто", []),
        ("Мария пришла. Потом, после уроков и кружка, Иванова ушла", []),
        ("", []),
    ],
)
def test_named_people(text, expected):
    assert [p.full_name for p in named_people(text, PEOPLE)] == expected
