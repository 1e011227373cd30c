// LTI Client Side postMessages + Platform Storage (1EdTech lti-cs-pm / lti-pm-s v0.1).
// Login page ("put"): store the state verifier in the platform's storage frame, then go on
// to the platform. Launch page ("get"): read it back and post it with the id_token.
(function () {
  var box = document.getElementById("platform-storage");
  if (!box) { return; }
  var mode = box.getAttribute("data-mode");
  var origin = box.getAttribute("data-origin");
  var key = box.getAttribute("data-key");
  var targetName = box.getAttribute("data-target");
  var prefixes = ["lti.", "org.imsglobal.lti."];

  function targetFrame() {
    if (!window.parent || window.parent === window) { return null; }
    if (targetName === "_parent") { return window.parent; }
    try { return window.parent.frames[targetName] || window.parent; } catch (e) { return window.parent; }
  }

  function send(subject, payload, attempt, done) {
    var frame = targetFrame();
    if (!frame || attempt >= prefixes.length) { done(null); return; }
    var messageId = "lti-qi-" + Math.random().toString(36).slice(2);
    var fullSubject = prefixes[attempt] + subject;
    var timer = setTimeout(function () {
      window.removeEventListener("message", listener);
      send(subject, payload, attempt + 1, done);
    }, 1000);
    function listener(event) {
      var data = event.data || {};
      if (event.origin !== origin || data.message_id !== messageId || data.subject !== fullSubject + ".response") { return; }
      clearTimeout(timer);
      window.removeEventListener("message", listener);
      done(data.error ? null : data);
    }
    window.addEventListener("message", listener);
    var message = Object.assign({ subject: fullSubject, message_id: messageId }, payload);
    frame.postMessage(message, origin);
  }

  if (mode === "put") {
    send("put_data", { key: key, value: box.getAttribute("data-value") }, 0, function () {
      window.location.href = box.getAttribute("data-next");
    });
  } else {
    send("get_data", { key: key }, 0, function (answer) {
      if (answer && answer.value) {
        var form = document.getElementById("platform-storage-form");
        form.querySelector("[name=lti_storage_verifier]").value = answer.value;
        form.submit();
      } else {
        document.getElementById("platform-storage-status").hidden = true;
        document.getElementById("platform-storage-failed").hidden = false;
      }
    });
  }
})();
