"""The two-stage fallback's "did you mean...?" step."""
