"""Benchmarks and real-browser helpers: a Streamlit server on a free port, Debian's Chromium, wire byte counts."""
