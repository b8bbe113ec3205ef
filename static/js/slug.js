/* Fill a web address name (slug) from the name typed above it, as Django's slugify would,
   until the person edits the address themselves. Without JavaScript the server fills an
   empty one the same way. */
(function () {
  "use strict";

  function slugify(text, length) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9\s-]/g, "").trim().replace(/[-\s]+/g, "-")
      .slice(0, length).replace(/-+$/, "");
  }

  document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
    var source = document.getElementById(slug.getAttribute("data-slug-from"));
    if (!source) return;
    var length = parseInt(slug.getAttribute("maxlength") || "50", 10);
    var filled = slug.value === "" || slug.value === slugify(source.value, length);
    slug.addEventListener("input", function () {
      filled = slug.value === "";
    });
    function follow() {
      if (filled) slug.value = slugify(source.value, length);
    }
    source.addEventListener("input", follow);
    follow();  // a name typed before this script ran (it is deferred) is followed too
  });
})();
