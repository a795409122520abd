"""Modal dialogs: settings and the backend probe."""
