"""Pages of questionnaires, one module per area: the curator's builder (`builder`), sending and the
invitations (`sending`), the results (`results`) and the respondent's form (`respondent`).

Curator pages live under o/<org>/questionnaires/, start with `get_organization(request, org, action)`
(the permission check: 404 when denied) and then call the services with `acting_user=request.user`.
The respondent's pages live under q/<token>/, need no account, open a scope on the invitation's
organization only after the token resolved to an invitation, and act as nobody (`acting_user=None`).
"""
