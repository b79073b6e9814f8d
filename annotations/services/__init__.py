"""The only code that changes state. Doors translate input and call one of these."""
