"""Job-search coaching: the goal, the action plan and the step map ("where am I?")."""
