"""Staff logins (issue 8): lockout after repeated failures, an optional second factor (TOTP) and
sessions that expire. Regulators, administrators and business staff log in here, the admin's
login included; consumers have no accounts (their case grants live in an anonymous session)."""
