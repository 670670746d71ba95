# frozen_string_literal: true

require "active_support"
require "active_support/cache"
require "rack/attack"
require_relative "json_body"
require_relative "options"
require_relative "phone"
require_relative "store"

# Rate limits with rack-attack, after its README and example configuration:
# a MemoryStore cache, throttles keyed on IP, login, number and account, and
# the built-in 429 answer with Retry-After.
module Throttles
  LOGIN = "/api/session"
  CODE_ROUTES = {
    "/api/session/totp" => "TOTP-BRUTEFORCE",
    "/api/session/sms/verify" => "SMS-BRUTEFORCE",
    "/api/session/recovery" => nil,
    "/api/session/webauthn" => nil,
    "/api/totp/confirm" => "TOTP-BRUTEFORCE",
    "/api/sms/confirm" => "SMS-BRUTEFORCE"
  }.freeze
  SEND_AT_SIGN_IN = "/api/session/sms"
  ENROL_PHONE = "/api/sms"

  module_function

  def install
    Rack::Attack.cache.store = ActiveSupport::Cache::MemoryStore.new
    Rack::Attack.throttled_response_retry_after_header = true

    Rack::Attack.throttle("logins/ip", limit: 5, period: 20) do |req|
      req.ip if req.post? && req.path == LOGIN
    end
    Rack::Attack.throttle("logins/login", limit: 5, period: 20) do |req|
      login_name(req) if req.post? && req.path == LOGIN
    end

    # A route whose weakness switch is on was left out of the list: the
    # classic "throttle written for the routes that existed back then".
    guarded = CODE_ROUTES.reject { |_path, id| id && Options.weak?(id) }.keys
    Rack::Attack.throttle("codes/ip", limit: 5, period: 20) do |req|
      req.ip if req.post? && guarded.include?(req.path)
    end

    unless Options.weak?("SMS-RATE-NUMBER")
      Rack::Attack.throttle("sms/number", limit: 5, period: 600) { |req| destination(req) }
    end
    unless Options.weak?("SMS-RATE-CLIENT")
      # the client that asks for texts to new numbers is a signed-in account
      Rack::Attack.throttle("sms/account", limit: 5, period: 3600) do |req|
        req.env["rack.session"]&.[]("uid") if req.post? && req.path == ENROL_PHONE
      end
    end
  end

  # Normalized like the sign-in route does, so case and spaces do not give
  # a fresh bucket.
  def login_name(req)
    name = JsonBody.member(req.env, "login")
    name.is_a?(String) && !name.strip.empty? ? name.strip.downcase : nil
  end

  # The number a send route would text.
  def destination(req)
    return nil unless req.post?

    case req.path
    when ENROL_PHONE then Phone.normalize(JsonBody.member(req.env, "phone"))
    when SEND_AT_SIGN_IN
      user = Store.user(req.env["rack.session"]&.[]("uid"))
      user ||= Store.by_login(JsonBody.member(req.env, "login")) if Options.weak?("SMS-ANON-TRIGGER")
      user&.sms&.[](:phone)
    end
  end
end
