"""Model providers: what turns a decoded clip and a question into an answer."""
