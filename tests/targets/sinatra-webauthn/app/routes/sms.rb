# frozen_string_literal: true

require "rack/utils"
require "securerandom"
require_relative "../kannel"

# SMS as a second factor: a phone is enrolled by confirming a code sent to
# it; at sign-in a code goes to the number on file. Codes live on the
# account (not in the cookie, which a client could send again).
module SmsRoutes
  VALID_FOR = 300 # seconds

  module Helpers
    def new_sms_code
      digits = weak?("SMS-OTP-WEAK") ? 4 : 6 # SMS-OTP-WEAK: four digits
      format("%0#{digits}d", SecureRandom.random_number(10**digits))
    end

    # Sends and answers; the code stays out of the answer.
    def text_code!(to, code)
      Kannel.deliver(to, "Acme Staging: your verification code is #{code}. It expires in 5 minutes.")
      answer = { status: "sent", to: Phone.mask(to), expires_in: VALID_FOR }
      answer[:code] = code if weak?("SMS-CODE-LEAK") # SMS-CODE-LEAK: a debug aid left in
      json(answer, 202)
    rescue Kannel::NotConfigured
      fail!(503, "sms_not_configured")
    rescue Kannel::DeliveryFailed
      fail!(502, "sms_delivery_failed")
    end

    def code_matches?(challenge, code)
      !challenge.nil? && Time.now.to_i < challenge[:expires_at] &&
        Rack::Utils.secure_compare(challenge[:code], code)
    end

    # The account whose outstanding sign-in code this is: the signing-in
    # one, or (AUTH-OTP-NOT-BOUND) any account's.
    def sms_code_owner(user, code)
      owners = weak?("AUTH-OTP-NOT-BOUND") ? Store.users : [user]
      owners.find { |u| code_matches?(u.sms_challenge, code) }
    end

    # SMS-ANON-TRIGGER: "resend" also works from the login form, by name.
    def sms_sign_in_user
      user = pending_user
      user ||= Store.by_login(body_json["login"]) if weak?("SMS-ANON-TRIGGER")
      user || require_pending!
    end
  end

  def self.registered(app)
    app.helpers Helpers

    # Enrolment, step 1: the number to use.
    app.post "/api/sms" do
      user = require_user!
      phone = Phone.normalize(body_json["phone"])
      fail!(422, "invalid_phone") unless phone
      fail!(422, "country_not_served") unless Phone.served?(phone)

      code = new_sms_code
      user.sms_pending = { phone: phone, code: code, expires_at: Time.now.to_i + VALID_FOR, tries: 0 }
      text_code!(phone, code)
    end

    # Enrolment, step 2: the code that reached it.
    app.post "/api/sms/confirm" do
      user = require_user!
      pending = user.sms_pending
      fail!(409, "no_sms_enrolment") unless pending

      check_code!(user, counted: false) do |code|
        ok = code_matches?(pending, code)
        pending[:tries] += 1 unless ok
        user.sms_pending = nil if pending[:tries] >= Service::LOCK_AFTER # start over
        ok
      end
      user.sms = { id: user.sms&.[](:id) || Store.next_factor_id, phone: pending[:phone], created_at: Time.now.to_i }
      user.phone = pending[:phone]
      user.sms_pending = nil
      json(status: "enabled", factor: { id: user.sms[:id], type: "sms", phone: Phone.mask(user.sms[:phone]) })
    end

    # Sign-in: text a code to the number on file. A new code replaces the last.
    app.post "/api/session/sms" do
      user = sms_sign_in_user
      refuse_if_locked!(user)
      fail!(400, "sms_not_enabled") unless user.sms

      code = new_sms_code
      user.sms_challenge = { code: code, expires_at: Time.now.to_i + VALID_FOR }
      text_code!(user.sms[:phone], code)
    end

    app.post "/api/session/sms/verify" do
      user = require_pending!
      refuse_if_locked!(user)
      fail!(400, "sms_not_enabled") unless user.sms

      # SMS-BRUTEFORCE: wrong SMS codes were left out of the lock count
      check_code!(user, counted: !weak?("SMS-BRUTEFORCE")) do |code|
        owner = sms_code_owner(user, code)
        owner.sms_challenge = nil if owner && !weak?("SMS-REPLAY") # SMS-REPLAY: the code stays valid
        !owner.nil?
      end
      complete_sign_in(user)
    end
  end
end
