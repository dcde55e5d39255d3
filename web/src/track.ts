// Page script for track.html (to be built).
