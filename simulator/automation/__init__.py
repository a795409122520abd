"""Automation: WeChat DevTools' automation protocol over project mode (miniprogram-automator,
minium): `python -m simulator auto`. docs/automation.md."""
