/* "Use my location" on /nearest/: the phone's position fills lat/lon and submits the search.
   The messages come translated in the status element's data attributes. */
(function () {
  "use strict";
  var button = document.getElementById("locate");
  var status = document.getElementById("locate-status");
  if (!button || !status) { return; }
  button.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = status.dataset.unsupported; return; }
    status.textContent = status.dataset.finding;
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("lon").value = pos.coords.longitude.toFixed(6);
      document.getElementById("division").value = "";
      document.getElementById("nearest-form").submit();
    }, function () { status.textContent = status.dataset.unavailable; });
  });
})();
