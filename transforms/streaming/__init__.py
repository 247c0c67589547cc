"""Sources of the Beam streaming graph: feeds and a watched folder polled by one splittable source."""
