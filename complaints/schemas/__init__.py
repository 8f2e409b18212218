"""API shapes of the complaints app, one module per part."""
