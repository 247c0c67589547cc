"""Graph assembly: the batch pipeline (the diagram in docs/ARCHITECTURE.md) and the feed sources wired into it."""
