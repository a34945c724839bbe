"""Plain language at the user's request: "simpler, please" (README "Languages")."""
