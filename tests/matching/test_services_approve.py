"""approve_run: pairings, members, assignments, statuses and the Word order in one transaction; refusals."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from nastavnik.accounts.models import Role
from nastavnik.matching import services
from nastavnik.mentoring import services as mentoring
from nastavnik.mentoring.models import Order, Pairing, PairingMember
from nastavnik.mentoring.services import pairings as mentoring_pairings
from nastavnik.participants.models import MenteeProfile, MentorAssignment, MentorProfile, MentorStatusChange
from tests.builders import make_matchable_mentee, make_matchable_mentor, make_user, role_model

DATE = dt.date(2025, 9, 1)


def _docx(order: Order) -> Document:
    with order.file.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def _text(document: Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_approve_creates_pairings_members_assignments_and_the_order(organization, curator, base, run):
    director = make_user(Role.DIRECTOR, organization=organization, name="Мурадханова Тамара Николаевна")
    form = base["form"]
    role = role_model(form)
    order = services.approve_run(run, "112-од", DATE, form, role, acting_user=director)

    a, b = base["mentors"]
    m0, m1, m2 = base["mentees"]
    assert order.number == "112-од" and order.date == DATE and order.created_by == director
    assert order.title == "Об утверждении наставнических пар (групп)"
    pairings = {p.mentor_id: p for p in Pairing.objects.filter(order=order)}
    assert set(pairings) == {a.pk, b.pk}
    assert pairings[a.pk].kind == Pairing.Kind.GROUP
    assert pairings[b.pk].kind == Pairing.Kind.INDIVIDUAL
    for pairing in pairings.values():
        assert pairing.status == Pairing.Status.ACTIVE
        assert pairing.form == form and pairing.role_model == role
        assert pairing.approved_by == director and pairing.approved_at is not None
    members = {(m.mentee_id, m.pairing.mentor_id) for m in PairingMember.objects.select_related("pairing")}
    assert members == {(m0.pk, a.pk), (m1.pk, b.pk), (m2.pk, a.pk)}
    member = PairingMember.objects.get(mentee=m1)
    assert member.score > 0 and "применение ИКТ" in member.reasons
    assignments = set(MentorAssignment.objects.values_list("mentee_profile_id", "mentor_profile_id"))
    assert assignments == members
    assert set(MenteeProfile.objects.values_list("status", flat=True)) == {MenteeProfile.Status.MATCHED}
    run.refresh_from_db()
    assert run.is_approved and run.order == order and run.approved_by == director
    # The mentor sees the mentee's card through the assignment.
    mentor_user = make_user(Role.MENTOR, organization=organization)
    a.participant.user = mentor_user
    a.participant.save()
    assert m0.participant.is_related_user(mentor_user)


def test_the_order_docx_has_the_title_the_pairs_and_the_director(organization, curator, base, run):
    make_user(Role.DIRECTOR, organization=organization, name="Мурадханова Тамара Николаевна")
    form = base["form"]
    order = services.approve_run(run, "112-од", DATE, form, role_model(form), acting_user=curator)
    assert order.file.name.endswith(".docx")
    document = _docx(order)
    text = _text(document)
    assert organization.full_name in text
    assert "ПРИКАЗ" in text
    assert "от 01.09.2025 г.\t№ 112-од" in text
    assert "Об утверждении наставнических пар (групп)" in text
    assert "В соответствии с Положением о наставничестве" in text
    assert "целевой модели наставничества" in text
    assert "ПРИКАЗЫВАЮ:" in text
    assert "1. Утвердить наставнические пары (группы) согласно приложению" in text
    assert "2. Наставникам разработать" in text and "индивидуальные планы развития" in text
    assert "3. Контроль за исполнением настоящего приказа возложить на куратора" in text
    assert curator.get_short_name() in text
    assert "Директор\t____________ Т.Н. Мурадханова" in text
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "№",
        "Наставник",
        "Наставляемый (наставляемые)",
        "Форма наставничества",
        "Ролевая модель",
    ]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == 2
    a, b = base["mentors"]
    m0, m1, m2 = base["mentees"]
    by_mentor = {r[1]: r for r in rows}
    group = by_mentor[a.participant.full_name]
    assert group[0] == "1"
    assert set(group[2].split("\n")) == {m0.participant.full_name, m2.participant.full_name}
    assert group[3] == form.title and group[4] == role_model(form).title
    assert by_mentor[b.participant.full_name][2] == m1.participant.full_name


def test_without_a_director_the_signature_is_left_blank(organization, curator, base, run):
    order = services.approve_run(run, "5", DATE, base["form"], None, acting_user=curator)
    text = _text(_docx(order))
    assert "Директор\t____________ ________________" in text
    assert [c.text for c in _docx(order).tables[0].rows[1].cells][4] == "—"


def test_a_pupils_class_is_named_in_the_appendix(organization, curator):
    from tests.builders import minor_birth, pupil_form

    form = pupil_form()
    make_matchable_mentor(organization, forms=[form], competences=["Адаптация в коллективе"])
    make_matchable_mentee(
        organization,
        last_name="Смирнов",
        first_name="Артём",
        patronymic="Дмитриевич",
        birth_date=minor_birth(),
        category="pupil",
        group="7Б",
        form=form,
        requests=["Адаптация в коллективе"],
    )
    run = services.run_matching(organization, "stable", acting_user=curator)
    order = services.approve_run(run, "6", DATE, form, None, acting_user=curator)
    cells = [c.text for c in _docx(order).tables[0].rows[1].cells]
    assert cells[2] == "Смирнов Артём Дмитриевич (7Б)"


def test_approval_rolls_back_everything_on_error(organization, curator, base, run, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Word is broken")

    monkeypatch.setattr(mentoring_pairings, "order_document", broken)
    with pytest.raises(RuntimeError):
        services.approve_run(run, "112-од", DATE, base["form"], acting_user=curator)
    assert not Order.objects.exists()
    assert not Pairing.objects.exists()
    assert not PairingMember.objects.exists()
    assert not MentorAssignment.objects.exists()
    assert set(MenteeProfile.objects.values_list("status", flat=True)) == {MenteeProfile.Status.IN_BASE}
    run.refresh_from_db()
    assert not run.is_approved


def test_mentors_become_active_and_the_change_is_logged(organization, curator):
    mentor = make_matchable_mentor(organization, status=MentorProfile.Status.TRAINED)
    make_matchable_mentee(organization)
    run = services.run_matching(organization, "optimal", acting_user=curator)
    services.approve_run(run, "7", DATE, small_form(), acting_user=curator)
    mentor.refresh_from_db()
    assert mentor.status == MentorProfile.Status.ACTIVE
    change = MentorStatusChange.objects.get(mentor=mentor)
    assert change.changed_by == curator and "№ 7" in change.note


def small_form():
    from tests.builders import teacher_form

    return teacher_form()


def test_empty_run_cannot_be_approved(organization, curator):
    make_matchable_mentee(organization)
    run = services.run_matching(organization, "optimal", acting_user=curator)
    with pytest.raises(ValidationError, match="нет ни одной пары"):
        services.approve_run(run, "1", DATE, small_form(), acting_user=curator)


def test_a_run_is_approved_once(organization, curator, base, run):
    services.approve_run(run, "1", DATE, base["form"], acting_user=curator)
    with pytest.raises(ValidationError, match="уже утверждён"):
        services.approve_run(run, "2", DATE, base["form"], acting_user=curator)


def test_stale_run_is_refused_after_people_changed(organization, curator, base, run):
    m0 = base["mentees"][0]
    m0.status = MenteeProfile.Status.LEFT
    m0.save()
    with pytest.raises(ValidationError, match="Базы изменились после подбора.*Тарасова О.С. — уже не в базе"):
        services.approve_run(run, "1", DATE, base["form"], acting_user=curator)
    assert not Pairing.objects.exists()


def test_stale_run_is_refused_after_consent_was_revoked(organization, curator, base, run):
    consent = base["mentees"][1].participant.consents.get()
    consent.revoked_at = consent.given_at
    consent.save()
    with pytest.raises(ValidationError, match="отозвано"):
        services.approve_run(run, "1", DATE, base["form"], acting_user=curator)


def test_second_run_over_the_same_people_is_stale_once_the_first_is_approved(
    organization, curator, base, run
):
    second = services.run_matching(organization, "stable", acting_user=curator)
    services.approve_run(run, "1", DATE, base["form"], acting_user=curator)
    with pytest.raises(ValidationError, match="Пересчитайте подбор"):
        services.approve_run(second, "2", DATE, base["form"], acting_user=curator)


def test_mentor_that_left_the_register_makes_the_run_stale(organization, curator, base, run):
    a = base["mentors"][0]
    MentorProfile.objects.filter(pk=a.pk).update(status=MentorProfile.Status.RESTING)
    with pytest.raises(ValidationError, match="не в реестре"):
        services.approve_run(run, "1", DATE, base["form"], acting_user=curator)


def test_mentor_capacity_lowered_since_the_run_makes_it_stale(organization, curator, base, run):
    a = base["mentors"][0]
    MentorProfile.objects.filter(pk=a.pk).update(capacity=1)
    with pytest.raises(ValidationError, match="не хватает мест"):
        services.approve_run(run, "1", DATE, base["form"], acting_user=curator)


def test_duplicate_order_number_in_the_same_year_is_refused(organization, curator, base, run):
    Order.objects.create(
        organization=organization, number="112-ОД", date=dt.date(2025, 3, 1), title="Другой приказ"
    )
    with pytest.raises(ValidationError, match="Приказ № 112-од за 2025 год уже есть"):
        services.approve_run(run, " 112-од ", DATE, base["form"], acting_user=curator)
    # Next year the numbering starts again.
    order = services.approve_run(run, "112-од", dt.date(2026, 9, 1), base["form"], acting_user=curator)
    assert order.number == "112-од"


@pytest.mark.parametrize(
    ("number", "date", "message"),
    [
        ("", DATE, "Укажите номер приказа"),
        ("   ", DATE, "Укажите номер приказа"),
        ("1" * 51, DATE, "длиннее 50"),
        ("1", None, "Укажите дату приказа"),
        ("1", "2025-09-01", "Укажите дату приказа"),
        ("1", dt.date(1900, 1, 1), "Проверьте дату приказа"),
    ],
)
def test_order_fields_are_validated(organization, curator, base, run, number, date, message):
    with pytest.raises(ValidationError, match=message):
        services.approve_run(run, number, date, base["form"], acting_user=curator)


def test_form_and_role_model_are_validated(organization, other_organization, curator, base, run):
    from nastavnik.methodology.models import MentoringForm
    from tests.builders import pupil_form

    with pytest.raises(ValidationError, match="Выберите форму"):
        services.approve_run(run, "1", DATE, None, acting_user=curator)
    with pytest.raises(ValidationError, match="не относится к форме"):
        services.approve_run(run, "1", DATE, base["form"], role_model(pupil_form()), acting_user=curator)
    foreign = MentoringForm.objects.create(
        organization=other_organization, code="x", title="Чужая", audience="pupils"
    )
    with pytest.raises(ValidationError, match="недоступна"):
        services.approve_run(run, "1", DATE, foreign, acting_user=curator)


def test_create_pairings_checks_organizations_and_duplicates(organization, other_organization, base):
    a = base["mentors"][0]
    m0 = base["mentees"][0]
    foreign = make_matchable_mentee(other_organization)
    with pytest.raises(ValidationError, match="другой организации"):
        mentoring.create_pairings(
            organization,
            [mentoring.ProposedPairing(a, [mentoring.ProposedMember(foreign)])],
            acting_user=None,
            order_number="1",
            order_date=DATE,
            form=base["form"],
        )
    with pytest.raises(ValidationError, match="в двух парах"):
        mentoring.create_pairings(
            organization,
            [
                mentoring.ProposedPairing(a, [mentoring.ProposedMember(m0)]),
                mentoring.ProposedPairing(base["mentors"][1], [mentoring.ProposedMember(m0)]),
            ],
            acting_user=None,
            order_number="1",
            order_date=DATE,
            form=base["form"],
        )
    with pytest.raises(ValidationError, match="Нет ни одной пары"):
        mentoring.create_pairings(
            organization, [], acting_user=None, order_number="1", order_date=DATE, form=base["form"]
        )
    assert not Order.objects.exists()


def test_capacity_of_the_next_run_counts_the_approved_pairings(organization, curator, base, run):
    services.approve_run(run, "1", DATE, base["form"], acting_user=curator)
    make_matchable_mentee(organization, requests=["Дисциплина на уроке"], form=base["form"])
    data = services.build_problem(organization)
    assert data.problem.n_mentees == 1
    assert data.problem.n_mentors == 0  # both mentors are full
    assert set(data.bases.mentor_excluded) == {m.pk for m in base["mentors"]}
