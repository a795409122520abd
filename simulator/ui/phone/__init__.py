"""The phone frame and what it shows: the chat view, bubbles, markdown, toasts."""
