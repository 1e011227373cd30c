// The sandbox LMS's side of LTI Platform Storage: keep small values for the framed tool.
// Answers lti.capabilities, lti.put_data and lti.get_data (and their org.imsglobal.lti. forms).
(function () {
  var store = {};
  window.addEventListener("message", function (event) {
    var data = event.data || {};
    if (typeof data.subject !== "string") { return; }
    var subject = data.subject.replace(/^org\.imsglobal\./, "");
    var reply = { subject: data.subject + ".response", message_id: data.message_id };
    var slot = event.origin + "|" + data.key;
    if (subject === "lti.capabilities") {
      reply.supported_messages = [{ subject: "lti.put_data" }, { subject: "lti.get_data" }];
    } else if (subject === "lti.put_data") {
      store[slot] = data.value;
      reply.key = data.key; reply.value = data.value;
    } else if (subject === "lti.get_data") {
      reply.key = data.key; reply.value = store[slot];
    } else {
      return;
    }
    event.source.postMessage(reply, event.origin);
  });
})();
