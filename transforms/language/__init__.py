"""Language identification: langdetect's algorithm (transforms/language/langdetect_fast.py) and the script priors around it."""
