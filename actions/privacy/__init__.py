"""A copy of one's data and its erasure: the dialogue side (the gateway carries them out)."""
