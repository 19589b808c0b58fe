"""Pages of the implementation stage: activities and their evidence, the team and its rotation,
the communication log, and the calendar."""
