# frozen_string_literal: true

# Factor management addressed by user id, as the account settings page
# calls it: list, and remove with the password.
module FactorRoutes
  module Helpers
    # The account in the URL, if the caller may manage it.
    # (AUTH-FACTOR-IDOR: the id in the path is trusted.)
    def managed_user(caller)
      id = Integer(params["id"], exception: false)
      fail!(403, "forbidden") unless id == caller.id || weak?("AUTH-FACTOR-IDOR")
      Store.user(id) || fail!(404, "no_such_user")
    end
  end

  def self.registered(app)
    app.helpers Helpers

    app.get "/api/users/:id/factors" do
      user = managed_user(require_user!)
      json(user_id: user.id, two_factor: user.two_factor?, factors: user.factors)
    end

    app.delete "/api/users/:id/factors/:factor_id" do
      caller = require_user!
      user = managed_user(caller)
      # AUTH-DISABLE-NO-REAUTH: the password check was left for "later"
      unless weak?("AUTH-DISABLE-NO-REAUTH") || caller.authenticate(body_json["password"])
        fail!(403, "password_required")
      end
      factor_id = Integer(params["factor_id"], exception: false)
      fail!(404, "no_such_factor") unless factor_id && user.remove_factor(factor_id)

      json(status: "removed", two_factor: user.two_factor?, factors: user.factors)
    end
  end
end
