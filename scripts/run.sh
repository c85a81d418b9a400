#!/usr/bin/env bash
# Migrates the embedded SQLite database, loads the demo, then runs the task worker beside the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
PY=.venv/bin/python

$PY manage.py migrate --noinput -v0
$PY manage.py load_demo

$PY manage.py db_worker --interval 2 --no-reload &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

echo
echo "Наставник работает: http://$HOST:$PORT/   (остановить: Ctrl+C)"
echo "Фоновые задачи (напоминания, импорт) выполняет db_worker, pid $WORKER."
echo
$PY manage.py runserver "$HOST:$PORT" --noreload
