// Submits every form marked data-autosubmit as soon as the page loads (LTI form posts).
// A visible button remains for browsers with JavaScript switched off.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.submit();
  });
});
