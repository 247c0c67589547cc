"""What every stage shares: the records, dead letters and stage outputs, the time limit, frames files, word counting."""
