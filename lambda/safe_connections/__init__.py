"""Safe Connections: an Alexa skill companion for building safe connections."""
