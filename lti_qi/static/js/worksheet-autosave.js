// Worksheet autosave: save a draft a few seconds after each change, never lose typing.
// If the server cannot take it (session expired, offline), keep the draft in this browser
// and offer it back next time the page opens. The copy in this browser is removed only once
// the server has confirmed the save: never when a save is merely sent.
(function () {
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = form.querySelector(".autosave-status");
  var versionField = form.querySelector("[name=_base_version]");
  var storageKey = form.getAttribute("data-storage-key");
  var timer = null;
  var dirty = false;
  var edits = 0;
  var isUnsaved = form.hasAttribute("data-unsaved");  // the page re-shows a save the server refused

  function say(text) { if (status) { status.textContent = text; } }
  function fields() {
    var data = {};
    new FormData(form).forEach(function (value, key) {
      if (key === "csrf_token") { return; }
      (data[key] = data[key] || []).push(value);
    });
    return data;
  }
  function keepLocally(isSent) {
    try { localStorage.setItem(storageKey, JSON.stringify({ version: versionField.value, fields: fields(), at: Date.now(), sent: isSent === true })); } catch (e) { /* storage full or blocked */ }
  }
  function forgetLocally() { try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ } }
  // A kept draft that matches what the page shows was saved after all (Save draft, Submit);
  // so was one sent by Save or Submit when the page now shows a newer saved version.
  function isConfirmed(kept) {
    return matchesPage(kept.fields) || (kept.sent === true && Number(versionField.value) > Number(kept.version));
  }
  function matchesPage(keptFields) {
    var shown = fields();
    return Object.keys(keptFields).concat(Object.keys(shown)).every(function (key) {
      return key.charAt(0) === "_" || String(keptFields[key] || "") === String(shown[key] || "");
    });
  }

  function save() {
    timer = null;
    var body = new FormData(form);
    var sentAfter = edits;
    body.set("_action", "draft");
    fetch(form.action, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) {
          return response.json().then(function (saved) {
            versionField.value = saved.version;
            if (edits === sentAfter) { dirty = false; forgetLocally(); }
            say("Draft saved at " + new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + ".");
          });
        }
        keepLocally();
        if (response.status === 409) { say("This worksheet was changed elsewhere. Press Save draft to compare the two versions."); }
        else if (response.status === 422) { say("Not saved yet: press Save draft to see what needs fixing."); }
        else { say("Could not save (your session may have ended). Your draft is kept in this browser: open lti-qi again from your course to save it."); }
      })
      .catch(function () {
        keepLocally();
        say("You seem to be offline. Your draft is kept in this browser and will be offered back when you return.");
      });
  }

  form.addEventListener("input", function () {
    dirty = true;
    edits += 1;
    keepLocally();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 3000);
  });
  form.addEventListener("submit", function () { keepLocally(true); dirty = false; });  // the next page confirms it
  window.addEventListener("beforeunload", function () { if (dirty) { keepLocally(); } });

  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
  if (isUnsaved) { keepLocally(); kept = null; }  // the page shows typing the server refused
  else if (kept && kept.fields && isConfirmed(kept)) { forgetLocally(); kept = null; }
  if (kept && kept.fields) {
    var offer = document.createElement("div");
    offer.className = "notice notice-warning";
    offer.setAttribute("role", "status");
    offer.innerHTML = "<p>You have an unsaved draft of this worksheet in this browser.</p>";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = "Restore my unsaved draft";
    restore.addEventListener("click", function () {
      Object.keys(kept.fields).forEach(function (name) {
        var values = [].concat(kept.fields[name]);
        form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (input) {
          if (input.type === "hidden") { return; }
          if (input.type === "checkbox" || input.type === "radio") { input.checked = values.indexOf(input.value) !== -1; }
          else { input.value = values[0]; }
        });
      });
      offer.remove();
      say("Draft restored. Save it to keep it.");
      dirty = true;
    });
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary";
    discard.textContent = "Discard it";
    discard.addEventListener("click", function () { forgetLocally(); offer.remove(); });
    offer.appendChild(restore);
    offer.appendChild(document.createTextNode(" "));
    offer.appendChild(discard);
    form.parentNode.insertBefore(offer, form);
  }
})();
