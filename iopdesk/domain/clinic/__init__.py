"""The clinic itself: its first set-up, sites and staff for pickers, what the sign-in screen asks of it.

- setup           The clinic itself: first-time set-up, who is acting, and the health check.
- sign_in_screen  What a sign-in screen shows, as plain values (drawn before the database opens).
- staff           Who works at the clinic and where: read-only lists for pickers.
- workstation     What the sign-in and lock screens ask of the clinic, with no account yet signed in.
"""
