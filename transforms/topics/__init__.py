"""Topics on the IPTC Media Topics taxonomy: the taxonomy, per-language lexicons and the trained model."""
