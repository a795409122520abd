"""The Qt window (the only package that imports PySide6/qasync): shell → phone, devtools,
dialogs → kit."""
