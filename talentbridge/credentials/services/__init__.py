"""Writes of the credentials context, one module per entity group:
``ledger`` (evidence), ``issuing`` (issuers, keys, templates, credentials, status),
``verification`` (checks against this site's records), ``portfolio`` (作品集, share links),
``credit`` (credit bank)."""
