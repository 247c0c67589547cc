"""From bytes to an article: decoding, HTML extraction (trafilatura), metadata, dates, authors, text cleaning, the article filter."""
