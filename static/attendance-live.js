// The attendance sheet, live: every few seconds it reads the sheet's JSON and
// shows who has checked in by the QR code. A row the mentor has not ticked
// takes the checked-in status; a ticked row is left as the mentor set it.
(function () {
  var form = document.getElementById('attendance-sheet');
  if (!form || !window.fetch) { return; }
  var session = form.getAttribute('data-session');
  function label(status) { return form.getAttribute('data-label-' + status) || status; }
  function refresh() {
    fetch('/api/v1/sessions/' + session + '/attendance', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (sheet) {
        if (!sheet) { return; }
        sheet.records.forEach(function (rec) {
          if (rec.source !== 'self' || !rec.status) { return; }
          var row = form.querySelector('[data-participant="' + rec.participant_id + '"]');
          if (!row) { return; }
          var live = row.querySelector('[data-live]');
          if (live) { live.textContent = label(rec.status) + ' · ' + form.getAttribute('data-label-self'); }
          if (!row.querySelector('input[type=radio][name$=".status"]:checked')) {
            var radio = row.querySelector('input[type=radio][value="' + rec.status + '"]');
            if (radio) { radio.checked = true; }
          }
        });
      })
      .catch(function () {});
  }
  setInterval(refresh, 5000);
})();
