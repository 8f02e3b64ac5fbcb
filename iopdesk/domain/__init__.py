"""Every rule of the clinic, in plain Python (no Qt). Each operation takes the acting staff member first."""
