// The sheet's toolbar: undo, start over, files in and out, share link. It only
// collects what the user picks and hands it to the controller's actions.

import { h, uid } from "./dom.mjs";

/**
 * actions: undo(), blank(), reset(), exportJson(), importJson(file),
 * importGenius(domainFile, profileFiles), share() -> url
 */
export function renderToolbar(actions) {
  const undo = h("button", { type: "button", class: "ssc-undo", onclick: actions.undo, disabled: true, title: "Undo the last change to the sheet (Ctrl+Z)" }, "Undo");

  const jsonId = uid();
  const jsonInput = h("input", {
    id: jsonId,
    type: "file",
    accept: ".json,application/json",
    class: "ssc-import-json",
    onchange: (event) => {
      const [file] = event.target.files;
      event.target.value = ""; // picking the same file again fires change again
      if (file) actions.importJson(file);
    },
  });

  const domainId = uid();
  const profilesId = uid();
  const domain = h("input", { id: domainId, type: "file", accept: ".xml,text/xml,application/xml", class: "ssc-genius-domain" });
  const profiles = h("input", { id: profilesId, type: "file", accept: ".xml,text/xml,application/xml", multiple: true, class: "ssc-genius-profiles" });
  const genius = h(
    "details",
    { class: "ssc-genius" },
    h("summary", { text: "Import a GENIUS / ANAC domain" }),
    h("p", { class: "ssc-hint", text: "Pick the domain file and one preference profile (utility space) per party; each profile becomes a party named after its file." }),
    h("span", { class: "ssc-field" }, h("label", { for: domainId, text: "Domain file" }), domain),
    h("span", { class: "ssc-field" }, h("label", { for: profilesId, text: "Profiles (2 to 6 files)" }), profiles),
    h(
      "button",
      {
        type: "button",
        class: "ssc-genius-import",
        onclick: () => actions.importGenius(domain.files[0] || null, [...profiles.files]),
      },
      "Import domain",
    ),
  );

  const shareId = uid();
  const shareOutput = h("input", { id: shareId, type: "text", readonly: true, class: "ssc-share-url", "aria-label": "Share link" });
  const shareBox = h(
    "p",
    { class: "ssc-share", hidden: true },
    shareOutput,
    h("span", { class: "ssc-hint", text: " The sheet and the package you are building travel inside the link, after the #: they are never sent to a server. Anyone with the link sees your numbers." }),
  );
  const share = h(
    "button",
    {
      type: "button",
      class: "ssc-share-button",
      onclick: async () => {
        shareOutput.value = actions.share();
        shareBox.hidden = false;
        shareOutput.select();
        try {
          await navigator.clipboard.writeText(shareOutput.value);
          share.textContent = "Link copied";
        } catch {
          share.textContent = "Share link (select and copy it)";
        }
      },
    },
    "Share link",
  );

  const element = h(
    "div",
    { class: "ssc-toolbar" },
    h(
      "div",
      { class: "ssc-buttons" },
      undo,
      h("button", { type: "button", class: "ssc-blank", onclick: actions.blank }, "Blank sheet"),
      h("button", { type: "button", class: "ssc-reset", onclick: actions.reset }, "Back to this page's sheet"),
      h("button", { type: "button", class: "ssc-export", onclick: actions.exportJson }, "Export JSON"),
      h("span", { class: "ssc-field ssc-file" }, h("label", { for: jsonId, text: "Import JSON" }), jsonInput),
      share,
    ),
    genius,
    shareBox,
  );
  return { element, undo };
}
