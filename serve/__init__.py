"""`make serve`: several app processes behind nginx (see README, "Serving many visitors")."""
