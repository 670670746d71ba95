# frozen_string_literal: true

require "active_support/core_ext/object/blank"
require "json"
require "securerandom"
require "sinatra/base"
require_relative "json_body"
require_relative "options"
require_relative "phone"
require_relative "store"
require_relative "throttles"

# The JSON API: Sinatra's cookie session (`enable :sessions`), rack-protection
# at Sinatra's defaults, rack-attack throttles. Sign-in is the password, then
# a second factor once the account has one.
class Service < Sinatra::Base
  LOCK_AFTER = 5 # consecutive wrong codes; an admin (a restart) unlocks

  enable :sessions
  set :session_secret, ENV.fetch("SESSION_SECRET") { SecureRandom.hex(64) }
  set :lock, true # one in-memory store: one request at a time
  set :show_exceptions, false
  set :raise_errors, false
  set :dump_errors, ENV.key?("APP_DEBUG") # a backtrace may quote a code

  use Rack::Attack

  before do
    content_type :json
  end

  helpers do
    def weak?(id)
      Options.weak?(id)
    end

    def json(payload, status_code = 200)
      status status_code
      JSON.generate(payload)
    end

    def fail!(status_code, error, **extra)
      halt status_code, JSON.generate({ error: error }.merge(extra))
    end

    def body_json
      body = JsonBody.read(env)
      fail!(400, "invalid_json") if body == JsonBody::INVALID
      body
    end

    # Fully signed in. (AUTH-2FA-SKIP: the guard forgets the pending flag.)
    def current_user
      user = Store.user(session["uid"])
      user if user && (session["mfa"] != "pending" || weak?("AUTH-2FA-SKIP"))
    end

    # Password accepted, second factor outstanding.
    def pending_user
      Store.user(session["uid"]) if session["mfa"] == "pending"
    end

    def require_user!
      current_user || fail!(401, pending_user ? "second_factor_required" : "not_signed_in")
    end

    def require_pending!
      pending_user || fail!(401, current_user ? "already_signed_in" : "no_sign_in_in_progress")
    end

    # AUTH-TRUSTED-HEADER: "the office proxy" - an X-Forwarded-For whose first
    # hop is an internal address (Rack's own test) skips the second factor.
    def internal_request?
      return false unless weak?("AUTH-TRUSTED-HEADER")

      first = request.forwarded_for&.first
      !first.nil? && request.trusted_proxy?(first)
    end

    # TOTP-LOCKOUT-BYPASS: the counter lives in the session, not the account.
    def failures(user)
      weak?("TOTP-LOCKOUT-BYPASS") ? session["failures"].to_i : user.failures
    end

    def locked?(user)
      failures(user) >= LOCK_AFTER
    end

    def record_failure(user)
      if weak?("TOTP-LOCKOUT-BYPASS") then session["failures"] = failures(user) + 1
      else user.failures += 1
      end
    end

    def reset_failures(user)
      weak?("TOTP-LOCKOUT-BYPASS") ? session.delete("failures") : user.failures = 0
    end

    def refuse_if_locked!(user)
      fail!(423, "second_factor_locked") if locked?(user)
    end

    # One code check. The block says whether the code is right. A missing or
    # non-string code is a 400; a wrong one a 401 that counts towards the
    # lock when `counted`.
    def check_code!(user, counted:)
      code = body_json["code"]
      if weak?("AUTH-OTP-EMPTY")
        # the guard only refuses a code that was sent and is wrong
        return if code.blank?

        code = code.to_s
      end
      fail!(400, "code_required") unless code.is_a?(String) && !code.strip.empty?
      return if yield(code.strip)

      record_failure(user) if counted
      fail!(401, "invalid_code")
    end

    def complete_sign_in(user)
      reset_failures(user)
      session.delete("mfa")
      json(status: "signed_in", user: user.profile)
    end

    def contact_hint(user)
      if weak?("AUTH-PHONE-DISCLOSED")
        { phone: user.sms ? user.sms[:phone] : user.phone, email: user.email }
      elsif user.sms
        { phone: Phone.mask(user.sms[:phone]) }
      else
        {}
      end
    end
  end

  post "/api/session" do
    user = Store.by_login(body_json["login"])
    fail!(401, "invalid_credentials") unless user&.authenticate(body_json["password"])

    # nothing from before the sign-in (another user, a half-done ceremony) survives it
    session.clear
    session["uid"] = user.id
    if user.two_factor? && !internal_request?
      session["mfa"] = "pending"
      json(status: "two_factor_required", methods: user.sign_in_methods, **contact_hint(user))
    else
      json(status: "signed_in", user: user.profile)
    end
  end

  delete "/api/session" do
    session.clear
    json(status: "signed_out")
  end

  get "/api/me" do
    json(user: require_user!.profile)
  end

  not_found do
    JSON.generate(error: "not_found")
  end

  error do
    JSON.generate(error: "internal_error")
  end
end

require_relative "routes/totp"
require_relative "routes/recovery"
require_relative "routes/sms"
require_relative "routes/webauthn"
require_relative "routes/factors"

Service.register TotpRoutes, RecoveryRoutes, SmsRoutes, WebauthnRoutes, FactorRoutes
