"""Pages of the bases, by area: lists and exports, a person's card and forms, consents and "my data",
partners, the import. Thin views: each starts with `get_organization` (404 for strangers), checks the object
with `require` — the permission check lives here, not in the services — and leaves writing to `services`.
"""
