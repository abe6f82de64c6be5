"""What the reference apps share: the app's own Leaflet, and the floor's one polygon."""

from cpmap import config

LEAFLET_JS = f"{config.static_url()}/vendor/leaflet/leaflet.js"
LEAFLET_CSS = f"{config.static_url()}/vendor/leaflet/leaflet.css"
# One GeoJSON feature over the Midlands, so a click on it reaches the server as the dashboard's clicks do.
TRIANGLE = {
    "type": "Feature",
    "id": "floor",
    "properties": {"code": "floor"},
    "geometry": {"type": "Polygon", "coordinates": [[[-4.5, 50.6], [-2.5, 55.0], [1.3, 52.0], [-4.5, 50.6]]]},
}
TRIANGLE_INSIDE = (52.53, -1.9)  # lat, lng
