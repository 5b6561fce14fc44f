"""Local fakes of outside providers, on loopback, speaking the providers' protocols."""
