// The copy button of the status link: copies the link named by data-copy,
// then says so on the button. A static file, as the CSP forbids inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    var label = button.getAttribute("data-copied");
    if (label) button.textContent = label;
  });
});
