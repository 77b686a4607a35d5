"""Shipped grid tariffs (one YAML file per tariff, named as scenarios select them)."""
