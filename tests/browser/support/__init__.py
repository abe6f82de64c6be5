"""Driving the real app in Debian's Chromium: its server (appserver), the browser and the page's and map's state
(chromium), and what crosses the wire (wire). Used by the browser tests and by bench/ (make bench, load, memory)."""
