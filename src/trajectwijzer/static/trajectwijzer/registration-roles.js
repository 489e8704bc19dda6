// Registration: once an organisation is chosen, offer only the roles one can ask for there.
// Each organisation <option> names them in data-roles (accounts/forms.py: OrganisationSelect);
// the server refuses any other role all the same, and without this script the role's help
// text lists the roles per kind of organisation.
(function () {
  "use strict";

  function offerRolesOf(organisationSelect, roleSelect) {
    var chosen = organisationSelect.options[organisationSelect.selectedIndex];
    var roles = chosen && chosen.hasAttribute("data-roles")
      ? chosen.getAttribute("data-roles").split(" ")
      : null; // no organisation chosen yet: every role stays on offer
    var firstOffered = null;
    Array.prototype.forEach.call(roleSelect.options, function (option) {
      var offered = roles === null || roles.indexOf(option.value) !== -1;
      option.hidden = !offered;
      option.disabled = !offered;
      if (offered && firstOffered === null) {
        firstOffered = option;
      }
    });
    var current = roleSelect.options[roleSelect.selectedIndex];
    if (current && current.disabled && firstOffered !== null) {
      roleSelect.value = firstOffered.value;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var organisation = document.getElementById("id_organisation");
    var role = document.getElementById("id_role");
    if (!organisation || !role) {
      return;
    }
    organisation.addEventListener("change", function () {
      offerRolesOf(organisation, role);
    });
    offerRolesOf(organisation, role);
  });
})();
