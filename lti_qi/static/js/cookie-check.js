// Before an LTI login inside an LMS frame: can this browser keep lti-qi's cookies here?
// If so, continue the login in place; if not, offer to continue in a new window.
(function () {
  var box = document.getElementById("cookie-check");
  if (!box) { return; }
  var params = JSON.parse(box.getAttribute("data-params"));
  var secure = box.getAttribute("data-protocol") === "https";

  function continueUrl() {
    var url = new URL(window.location.href);
    Object.keys(params).forEach(function (key) {
      if (!url.searchParams.has(key)) { url.searchParams.set(key, params[key]); }
    });
    return url.toString();
  }

  var cookie = "lti1p3_test_cookie=1; path=/" + (secure ? "; SameSite=None; Secure; Partitioned" : "");
  document.cookie = cookie;
  if (document.cookie.indexOf("lti1p3_test_cookie") !== -1) {
    document.cookie = "lti1p3_test_cookie=1; path=/; expires=Thu, 01 Jan 1970 00:00:01 GMT" + (secure ? "; SameSite=None; Secure; Partitioned" : "");
    window.location.href = continueUrl();
    return;
  }
  document.getElementById("cookie-check-loading").hidden = true;
  document.getElementById("cookie-check-blocked").hidden = false;
  document.getElementById("cookie-check-new-window").href = continueUrl();
})();
