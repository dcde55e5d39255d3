// Page script for index.html (to be built).
