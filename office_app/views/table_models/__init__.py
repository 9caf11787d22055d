"""Qt table models (named *_table_model so that "models" never means two things)."""
