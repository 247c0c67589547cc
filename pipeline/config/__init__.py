"""Configuration: defaults merged with the user's YAML and flags, every value checked once against one table of rules."""
