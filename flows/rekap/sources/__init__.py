"""Readers that turn a received file format into what the layout adapters consume."""
