"""Streamlit UI pieces. Only this package and app.py import streamlit."""
