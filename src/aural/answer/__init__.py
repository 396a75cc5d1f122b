"""From evidence to words: what was asked, and an answer that says only what was heard."""
