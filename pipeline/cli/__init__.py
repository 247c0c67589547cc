"""The newsbeam command: its entry, parser, sub-commands, summary, progress and logging."""
