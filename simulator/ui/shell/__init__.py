"""The window: the application entry, the main window, its controller and toolbar."""
