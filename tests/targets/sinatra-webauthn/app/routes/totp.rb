# frozen_string_literal: true

require "rotp"

# TOTP with rotp, after its README: a random Base32 secret, a provisioning
# URI with the issuer, verify with drift_behind: 15 and `after:` the last
# accepted time step (stored) so that a code works once.
module TotpRoutes
  ISSUER = "Acme Staging"

  module Helpers
    def totp_for(secret)
      # TOTP-URI-NONSTANDARD: no issuer, so the URI carries neither label prefix nor parameter
      weak?("TOTP-URI-NONSTANDARD") ? ROTP::TOTP.new(secret) : ROTP::TOTP.new(secret, issuer: ISSUER)
    end

    def new_totp_secret
      # TOTP-SEED-WEAK: 10 bytes (16 characters, 80 bits), as older code asked for
      weak?("TOTP-SEED-WEAK") ? ROTP::Base32.random(10) : ROTP::Base32.random
    end

    def totp_enrolment(user, secret)
      { secret: secret, provisioning_uri: totp_for(secret).provisioning_uri(user.login) }
    end

    # Returns the accepted time step's timestamp, or nil.
    def verify_totp(factor, code)
      drift = weak?("TOTP-WINDOW") ? 300 : nil # TOTP-WINDOW: ten steps either way
      after = weak?("TOTP-REPLAY") ? nil : factor[:last_used_at] # TOTP-REPLAY: no `after:`
      at = totp_for(factor[:secret]).verify(code, drift_behind: drift || 15, drift_ahead: drift || 0, after: after)
      factor[:last_used_at] = at if at
      at
    end
  end

  def self.registered(app)
    app.helpers Helpers

    app.get "/api/totp" do
      user = require_user!
      answer = { enabled: !user.totp.nil?, pending_confirmation: !user.totp_pending.nil? }
      # TOTP-SEED-REDISCLOSED: the settings page shows the secret again
      answer.merge!(totp_enrolment(user, user.totp[:secret])) if user.totp && weak?("TOTP-SEED-REDISCLOSED")
      json(answer)
    end

    # Starts enrolment: the secret is shown this once.
    app.post "/api/totp" do
      user = require_user!
      fail!(409, "totp_already_enabled") if user.totp

      secret = new_totp_secret
      if weak?("TOTP-ENROLL-UNVERIFIED")
        # active at once, before any code proved the user has the secret
        user.totp = { id: Store.next_factor_id, secret: secret, created_at: Time.now.to_i }
      else
        user.totp_pending = secret
      end
      json(totp_enrolment(user, secret).merge(status: user.totp ? "enabled" : "confirmation_required"), 201)
    end

    app.post "/api/totp/confirm" do
      user = require_user!
      secret = user.totp_pending
      secret ||= user.totp[:secret] if user.totp && weak?("TOTP-ENROLL-UNVERIFIED")
      fail!(409, "no_totp_enrolment") unless secret

      factor = user.totp || { id: Store.next_factor_id, secret: secret, created_at: Time.now.to_i }
      check_code!(user, counted: false) { |code| verify_totp(factor, code) }
      user.totp = factor
      user.totp_pending = nil
      json(status: "enabled", factor: { id: factor[:id], type: "totp" })
    end

    app.post "/api/session/totp" do
      user = require_pending!
      refuse_if_locked!(user)
      fail!(400, "totp_not_enabled") unless user.totp

      # TOTP-BRUTEFORCE: wrong TOTP codes were left out of the lock count
      check_code!(user, counted: !weak?("TOTP-BRUTEFORCE")) { |code| verify_totp(user.totp, code) }
      complete_sign_in(user)
    end
  end
end
