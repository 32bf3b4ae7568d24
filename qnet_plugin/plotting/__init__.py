"""Matplotlib figures (Agg backend), one module per device family."""
