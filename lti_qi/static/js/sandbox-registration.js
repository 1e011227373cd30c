// The sandbox LMS's side of Dynamic Registration: close the frame when the tool says so.
window.addEventListener("message", function (event) {
  if (!event.data || event.data.subject !== "org.imsglobal.lti.close") { return; }
  var frame = document.querySelector("[data-registration-frame]");
  if (!frame || event.source !== frame.contentWindow) { return; }
  frame.remove();
  var status = document.getElementById("registration-status");
  if (status) { status.textContent = "Registration complete. The tool is now listed in the sandbox."; }
});
