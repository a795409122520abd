"""Small shared pieces every other ui package may use; imports nothing from them."""
