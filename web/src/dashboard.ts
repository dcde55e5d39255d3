// Page script for dashboard.html (to be built).
