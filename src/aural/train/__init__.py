"""Training scripts for the models aural ships (run offline, from ../shared/data)."""
