"""Reading inputs: file patterns and paths, txt/HTML/JSON lines/WARC, feeds, the HTTP client and its state."""
