"""Pages of the live plan, a module per area: the plan itself (`plan`), one activity (`activities`) and
creating a roadmap from a template or a file (`imports`).

Thin views: the permission check is explicit where the request enters (`get_organization` with the
action, `require`; 404 when denied), every write goes through `services` with `acting_user`, every read
through `queries`. htmx requests get partial templates (the filtered body, one activity's rows); the same
URLs work without JS.
"""
