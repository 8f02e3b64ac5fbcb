"""The idle lock and the session's File-menu actions: lock now, sign out, change password, staff accounts."""
