"""Who gets in: accounts, passwords, signing in, the key file of an encrypted clinic, backups' permissions.

- accounts        Signing in and out, passwords, the lock after failed attempts, and the clinic's first run.
- attempts        Sign-in attempts: a password checked, a wrong one counted, the lock after too many.
- encrypt         Encrypting a clinic made before IOPdesk encrypted new ones (``iopdesk encrypt``).
- locked          An encrypted clinic before anyone signed in: its key file, read without the database.
- keys            Keeping an encrypted clinic's key file (store/keyring.py) in step with its accounts.
- maintenance     Who may back up or restore the clinic database, and the audit entries those leave.
- passwords       Password hashing (argon2id) and the password rule.
- staff_accounts  Staff accounts, as an administrator manages them: create, change, deactivate, unlock, reset.
- unlock          Opening an encrypted clinic: signing in is what unlocks the database.
"""
