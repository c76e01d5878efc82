"""User data: bookmarks, history and settings in the user's own database."""
