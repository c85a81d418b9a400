"""The HTTP API under /api/v1/ (django-ninja): personal tokens, the error shape, pagination, throttling, and
the endpoints of each area. ../shared/API.md is the contract; the OpenAPI schema is the reference."""
