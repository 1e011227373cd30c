// Worksheet rows: add and remove repeating rows (team members, steps, drivers...) in place.
// Progressive enhancement: without JavaScript the page keeps its blank "(new)" row and its
// "Remove" boxes, which take effect on Save draft. With it, "Add another ..." appends a blank
// row (focus moves to its first field) and each row gets a "Remove ..." button naming it.
(function () {
  var form = document.querySelector("form.worksheet");
  if (!form) { return; }
  var announcer = document.createElement("p");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  form.appendChild(announcer);
  var FIELDS = "input:not([type=hidden]):not([type=checkbox]), select, textarea, input[type=checkbox]";

  function records(list) {
    return [].filter.call(list.children, function (child) { return child.matches("fieldset.record"); });
  }
  function shown(list) { return records(list).filter(function (record) { return !record.hidden; }); }
  function listOf(record) { return record.parentNode; }
  function label(list) { return list.getAttribute("data-item-label"); }
  function rowName(record) {
    var list = listOf(record);
    var name = label(list) + " " + (shown(list).indexOf(record) + 1);
    var parent = list.parentNode.closest("fieldset.record");
    return parent ? name + " of " + rowName(parent).toLowerCase() : name;
  }
  function firstField(record) {
    return [].find.call(record.querySelectorAll(FIELDS), function (field) { return !field.closest("[hidden]"); });
  }

  // A blank copy of a list's "(new)" row, captured before anything is typed or enhanced.
  function blankRow(record) {
    var copy = record.cloneNode(true);
    copy.querySelectorAll(".field-error").forEach(function (error) { error.remove(); });
    copy.querySelectorAll(".has-error").forEach(function (field) { field.classList.remove("has-error"); });
    copy.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") { field.checked = false; }
      else if (field.tagName === "SELECT") { field.selectedIndex = 0; }
      else { field.value = ""; }
    });
    return copy;
  }

  function renamed(row, list, index) {
    var path = list.getAttribute("data-path");
    var from = row.getAttribute("data-index");
    var names = [path + "." + from + ".", path + "." + index + "."];
    var dashed = "f-" + path.replace(/\./g, "-") + "-";
    var ids = [dashed + from + "-", dashed + index + "-"];
    function swap(value, pair) { return value.indexOf(pair[0]) === 0 ? pair[1] + value.slice(pair[0].length) : value; }
    [row].concat([].slice.call(row.querySelectorAll("*"))).forEach(function (node) {
      ["name", "data-path"].forEach(function (attribute) {
        if (node.hasAttribute(attribute)) { node.setAttribute(attribute, swap(node.getAttribute(attribute), names)); }
      });
      ["id", "for", "aria-describedby"].forEach(function (attribute) {
        if (!node.hasAttribute(attribute)) { return; }
        var words = node.getAttribute(attribute).split(" ").map(function (word) { return swap(word, ids); });
        node.setAttribute(attribute, words.join(" "));
      });
    });
    row.setAttribute("data-index", String(index));
    return row;
  }

  function renumber(list) {
    shown(list).forEach(function (record) {
      var legend = record.querySelector("legend");
      var name = rowName(record);
      legend.textContent = label(list) + " " + (shown(list).indexOf(record) + 1) + (record.classList.contains("record-new") ? " (new)" : "");
      var remove = record.querySelector(":scope > .remove-row");
      if (remove) { remove.textContent = "Remove " + name.toLowerCase(); }
      record.querySelectorAll("fieldset.record-list").forEach(renumber);
    });
  }

  function removeRow(record) {
    var list = listOf(record);
    var name = rowName(record).toLowerCase();
    var rest = shown(list);
    var next = rest[rest.indexOf(record) + 1] || rest[rest.indexOf(record) - 1];
    var box = record.querySelector(":scope > .remove input[type=checkbox]");
    if (box) { box.checked = true; record.hidden = true; } else { record.remove(); }
    renumber(list);
    var focusTarget = next ? firstField(next) : list.querySelector(":scope > .add-row");
    if (focusTarget) { focusTarget.focus(); }
    announcer.textContent = name.charAt(0).toUpperCase() + name.slice(1) + " removed.";
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function addRow(list) {
    var row = renamed(list.blank.cloneNode(true), list, list.nextIndex);
    list.nextIndex += 1;
    row.classList.add("record-new");
    list.insertBefore(row, list.querySelector(":scope > .add-row"));
    enhanceRecord(row);
    row.querySelectorAll("fieldset.record-list").forEach(enhanceList);
    renumber(list);
    var field = firstField(row);
    if (field) { field.focus(); }
    announcer.textContent = rowName(row) + " added.";
  }

  function enhanceRecord(record) {
    var box = record.querySelector(":scope > .remove");
    if (box) { box.hidden = true; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary remove-row";
    button.addEventListener("click", function () { removeRow(record); });
    record.appendChild(button);
  }

  function enhanceList(list) {
    var all = records(list);
    list.blank = blankRow(all[all.length - 1]);
    list.nextIndex = all.length;
    var add = document.createElement("button");
    add.type = "button";
    add.className = "secondary add-row";
    add.textContent = "Add another " + label(list).toLowerCase();
    add.addEventListener("click", function () { addRow(list); });
    list.appendChild(add);
    all.forEach(enhanceRecord);
    renumber(list);
  }

  form.querySelectorAll("fieldset.record-list").forEach(enhanceList);
})();
