"""Connections to outside providers, shared by the apps that use them. Each app keeps its own small
interface (an issuer, a statement source, a messenger) and builds it on these."""
