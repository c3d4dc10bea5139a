"""Response builders shared by several routers (no router imports another router)."""
