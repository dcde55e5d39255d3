// Page script for console.html (to be built).
