"""The web chat: a page where a guest talks to the hotel, through the same pipeline."""
