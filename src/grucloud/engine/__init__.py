"""The engine: list what is live, decide what to change (pure), walk the graph to do it."""
