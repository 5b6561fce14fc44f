"""Settings package: base, local, test and production modules read from the environment."""
