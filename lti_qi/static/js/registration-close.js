// LTI Dynamic Registration 1.0, section 3.6: tell the platform the registration is done.
(function () {
  if (!document.getElementById("registration-complete")) { return; }
  var target = window.opener || window.parent;
  if (target && target !== window) {
    target.postMessage({ subject: "org.imsglobal.lti.close" }, "*");
  }
})();
