"""The complaints app's HTTP API: entitlement assessment and complaint filing."""
