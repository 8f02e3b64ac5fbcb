"""The password change the sign-in flow asks for when one is due (the dialog lives in ui/admin)."""

from iopdesk.ui.admin.password_dialog import ChangePasswordDialog

__all__ = ["ChangePasswordDialog"]
