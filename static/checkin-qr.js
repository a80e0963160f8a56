// The check-in QR page shows a new code every 30 s: it reloads itself when the
// code it shows runs out (a script, not <meta refresh>, so screen readers and
// axe-core are not surprised by a timed refresh of the whole document).
(function () {
  var box = document.getElementById('checkin-qr');
  if (!box) return;
  var seconds = parseInt(box.getAttribute('data-renew-seconds'), 10);
  if (!(seconds > 0)) seconds = 30;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
