"""Benchmark questionnaires for an organization of 2,000 participants: sending, answering, results.

Run from the repository root::

    .venv/bin/python bench/bench_questionnaires.py [--database-url sqlite|postgres://...] [--people 2000]

The script makes its own fresh database — a throw-away SQLite file under var/ (default), or the
PostgreSQL database ``bench_questionnaires`` that it creates and drops — and migrates it. It prints:

1. ``send_to_base`` of the mentee questionnaire to the whole base (bulk invitations with history and the
   e-mail task enqueued), then the worker's task that renders and sends the e-mails (in-memory backend);
2. one respondent's page, autosave of one answer and the submit (with the transfer into the base):
   queries and median time over a sample;
3. the curator's pages (invitations, results, results XLSX, links XLSX) with all people answered:
   queries (must not grow with the data) and median time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import _common  # bench/ (the script's folder) is on sys.path

PG_DB = "bench_questionnaires"


def measure(label: str, fn, repeat: int = 3) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries = len(captured.captured_queries)
    print(f"  {label:<44} {queries:>4} queries  {statistics.median(times) * 1000:>8.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=50, help="respondents answering through the service")
    args = parser.parse_args(argv)

    _common.run_on_fresh_database(
        args.database_url, PG_DB, lambda: run(args), migrate=False, EMAIL_URL="memory://"
    )
    return 0


def run(args) -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django_scopes import scopes_disabled

    call_command("migrate", verbosity=0)
    from nastavnik.participants.models import MenteeProfile, Participant
    from nastavnik.questionnaires import services
    from nastavnik.questionnaires.models import Answer, Invitation, Questionnaire, Response

    with scopes_disabled():
        organization, curator = _common.school_with_curator()
        people = Participant.objects.bulk_create(
            [
                Participant(
                    organization=organization,
                    last_name=f"Ученик{n:05d}",
                    first_name="Иван",
                    category="pupil" if n % 3 else "young_specialist",
                    group=f"{5 + n % 7}А",
                    email=f"p{n}@bench.ru" if n % 4 else "",
                )
                for n in range(args.people)
            ],
            batch_size=1000,
        )
        MenteeProfile.objects.bulk_create(
            [MenteeProfile(participant=p, organization=organization) for p in people], batch_size=1000
        )
        questionnaire = services.copy_template(
            Questionnaire.shipped.get(code="mentee"), organization, acting_user=None
        )
        print(f"Database: {os.environ['DATABASE_URL'].split('://')[0]}, {args.people} participants")

        print("1. Sending to the whole base")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from nastavnik.questionnaires.tasks import email_invitation_links

        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            result = services.send_to_base(questionnaire, Participant.objects.all(), acting_user=curator)
        elapsed = time.perf_counter() - start
        print(
            f"  send_to_base (the request): {len(result.created)} invitations, {result.emails_queued} e-mails "
            f"queued, {len(captured.captured_queries)} queries, {elapsed:.2f} s"
        )
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            sent = email_invitation_links.call([i.pk for i in result.created])
        elapsed = time.perf_counter() - start
        print(
            f"  the worker's task: {sent} e-mails (in-memory backend), "
            f"{len(captured.captured_queries)} queries, {elapsed:.2f} s"
        )

        invitations = list(Invitation.objects.select_related("participant", "questionnaire").order_by("pk"))
        form = services.build_form(questionnaire, invitations[0])
        fqs = [fq for s in form for fq in s.questions]

    client = Client(HTTP_HOST="localhost")
    print(f"2. A respondent (median of {args.sample})")
    submit_times, page_times, autosave_times = [], [], []
    for invitation in invitations[: args.sample]:
        url = reverse("questionnaires:respond", args=[invitation.token])
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        page_times.append(time.perf_counter() - start)
        first = fqs[0]
        start = time.perf_counter()
        client.post(
            reverse("questionnaires:autosave", args=[invitation.token, first.question.pk]),
            {first.question.field_name: first.choices[0][0]},
        )
        autosave_times.append(time.perf_counter() - start)
        with scopes_disabled():  # the options depend on the respondent (pupils see pupils' requests)
            fqs = [fq for s in services.build_form(questionnaire, invitation) for fq in s.questions]
        data = {"action": "submit"}
        for fq in fqs:
            if fq.question.kind == "multiple_choice" and fq.choices:
                data[fq.question.field_name] = [fq.choices[0][0], fq.choices[-1][0]]
            elif fq.question.kind == "single_choice" and fq.choices:
                data[fq.question.field_name] = fq.choices[0][0]
            elif fq.question.kind == "long_text":
                data[fq.question.field_name] = "Нужна помощь с подготовкой к олимпиаде"
        start = time.perf_counter()
        assert client.post(url, data).status_code == 302
        submit_times.append(time.perf_counter() - start)
    for label, times in (
        ("page", page_times),
        ("autosave of one answer", autosave_times),
        ("submit", submit_times),
    ):
        print(f"  {label:<44} {statistics.median(times) * 1000:>8.1f} ms")

    with scopes_disabled():
        # The rest of the base answers too (written directly: this part measures the result pages).
        now = timezone.now()
        rest = invitations[args.sample :]
        responses = Response.objects.bulk_create(
            [
                Response(
                    invitation=i,
                    participant=i.participant,
                    questionnaire=questionnaire,
                    organization=organization,
                    submitted_at=now,
                )
                for i in rest
            ],
            batch_size=1000,
        )
        sample = services.build_form(questionnaire, invitations[0])
        values = {}
        for fq in (fq for s in sample for fq in s.questions):
            q = fq.question
            if q.kind == "multiple_choice" and fq.choices:
                values[q.pk] = [fq.choices[0][0]]
            elif q.kind == "single_choice" and fq.choices:
                values[q.pk] = fq.choices[-1][0]
            elif q.kind == "long_text":
                values[q.pk] = "Хочу научиться планировать время"
        Answer.objects.bulk_create(
            [
                Answer(response=r, question_id=qid, organization=organization, value=value)
                for r in responses
                for qid, value in values.items()
            ],
            batch_size=2000,
        )
        Invitation.objects.filter(pk__in=[i.pk for i in rest]).update(submitted_at=now)
        total_answers = Answer.objects.count()

    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    slug = organization.slug
    print(f"3. Curator's pages ({args.people} answered, {total_answers} answers)")
    for label, name in (
        ("invitations page", "invitations"),
        ("results page", "results"),
        ("results XLSX", "results_xlsx"),
        ("links XLSX", "invitations_xlsx"),
        ("send page (whole base listed)", "send"),
        ("editor", "editor"),
    ):
        url = reverse(f"questionnaires:{name}", args=[slug, questionnaire.pk])
        measure(label, lambda url=url: client.get(url))
    measure("index", lambda: client.get(reverse("questionnaires:index", args=[slug])))
    with scopes_disabled():
        start = time.perf_counter()
        services.rankings_for(organization, questionnaire)
        print(f"  {'rankings_for':<44}        {(time.perf_counter() - start) * 1000:>8.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
