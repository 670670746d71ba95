# frozen_string_literal: true

require "base64"
require "webauthn"
require_relative "../relying_party"

# A security key as second factor, after webauthn-ruby's README: options
# from options_for_create / options_for_get with the challenge kept in the
# session, from_create / from_get and verify, the stored public key and
# sign count. Options go out as {"publicKey": options} (what
# navigator.credentials.create/get take); the PublicKeyCredential comes
# back as {"credential": {...}} (webauthn-json's shape, base64url).
module WebauthnRoutes
  module Helpers
    # The README for 2FA: "discouraged", and verify without
    # user_verification: true. (FIDO-UV: the options say "required", the
    # verify call still omits the flag.)
    def user_verification
      weak?("FIDO-UV") ? "required" : "discouraged"
    end

    def credential_param
      credential = body_json["credential"]
      credential.is_a?(Hash) ? credential : fail!(400, "credential_required")
    end

    # FIDO-REGISTER-UNAUTH: without a session the account named in the body
    # (the sign-up page's flow) registers a key.
    def registering_user
      user = current_user
      user ||= Store.by_login(body_json["login"]) if weak?("FIDO-REGISTER-UNAUTH")
      user || require_user!
    end

    # The user handle: generated as the README shows, or (FIDO-USER-HANDLE-PII)
    # the e-mail address, base64url-encoded.
    def webauthn_handle(user)
      return WebAuthn.configuration.encoder.encode(user.email) if weak?("FIDO-USER-HANDLE-PII")

      user.webauthn_id ||= WebAuthn.generate_user_id
    end

    # The challenge to verify against. FIDO-CHALLENGE: read back out of the
    # client data ("the session might have expired"); FIDO-REPLAY: left in
    # the session after use.
    def expected_challenge(credential, key)
      if weak?("FIDO-CHALLENGE")
        return WebAuthn.configuration.encoder.encode(credential.response.client_data.challenge)
      end

      challenge = weak?("FIDO-REPLAY") ? session[key] : session.delete(key)
      challenge || fail!(400, "no_ceremony_in_progress")
    end

    # FIDO-CRED-SUBSTITUTION: only the registering account's own keys were checked.
    def credential_taken?(user, webauthn_id)
      if weak?("FIDO-CRED-SUBSTITUTION")
        user.credentials.any? { |c| c[:webauthn_id] == webauthn_id }
      else
        !Store.credential_anywhere(webauthn_id).nil?
      end
    end

    # FIDO-CRED-NOT-BOUND: the credential is looked up by id alone.
    def stored_credential(user, webauthn_id)
      return Store.credential_anywhere(webauthn_id)&.last if weak?("FIDO-CRED-NOT-BOUND")

      user.credentials.find { |c| c[:webauthn_id] == webauthn_id }
    end

    def reported_origin(credential)
      credential.response.client_data.origin
    rescue StandardError
      nil
    end

    def refused!(error)
      fail!(422, "webauthn_verification_failed", reason: error.class.name.split("::").last)
    end
  end

  def self.registered(app)
    app.helpers Helpers

    app.post "/api/webauthn/options" do
      user = registering_user
      options = RelyingParty.for_request(request) do
        WebAuthn::Credential.options_for_create(
          user: { id: webauthn_handle(user), name: user.login },
          exclude: user.credentials.map { |c| c[:webauthn_id] },
          authenticator_selection: { resident_key: "discouraged", user_verification: user_verification }
        )
      end
      session["creation_challenge"] = options.challenge
      json(publicKey: options.as_json)
    end

    app.post "/api/webauthn" do
      user = registering_user
      nickname = body_json["nickname"]
      nickname = "Security key" unless nickname.is_a?(String) && nickname.strip.length.between?(1, 64)
      begin
        credential = WebAuthn::Credential.from_create(credential_param)
        challenge = expected_challenge(credential, "creation_challenge")
        RelyingParty.for_request(request, reported_origin(credential)) { credential.verify(challenge) }
      rescue StandardError => e
        refused!(e)
      end
      fail!(409, "credential_already_registered") if credential_taken?(user, credential.id)

      factor = { id: Store.next_factor_id, webauthn_id: credential.id, public_key: credential.public_key,
                 sign_count: credential.sign_count, nickname: nickname.strip, created_at: Time.now.to_i }
      user.credentials << factor
      json({ status: "registered", factor: { id: factor[:id], type: "webauthn", nickname: factor[:nickname] } }, 201)
    end

    # FIDO-ENUMERATION: a pre-check by login name, before any password,
    # that says "unknown user" for names that do not exist.
    app.post "/api/session/webauthn/options" do
      user = pending_user
      if user.nil? && weak?("FIDO-ENUMERATION") && body_json.key?("login")
        user = Store.by_login(body_json["login"]) || fail!(404, "unknown_user")
      end
      user ||= require_pending!
      refuse_if_locked!(user)
      fail!(400, "webauthn_not_enabled") if user.credentials.empty?

      options = RelyingParty.for_request(request) do
        WebAuthn::Credential.options_for_get(allow: user.credentials.map { |c| c[:webauthn_id] },
                                             user_verification: user_verification)
      end
      session["authentication_challenge"] = options.challenge
      json(publicKey: options.as_json)
    end

    app.post "/api/session/webauthn" do
      user = require_pending!
      refuse_if_locked!(user)
      begin
        credential = WebAuthn::Credential.from_get(credential_param)
        challenge = expected_challenge(credential, "authentication_challenge")
        stored = stored_credential(user, credential.id) || fail!(422, "unknown_credential")
        RelyingParty.for_request(request, reported_origin(credential)) do
          credential.verify(challenge, public_key: stored[:public_key], sign_count: stored[:sign_count])
        end
        stored[:sign_count] = credential.sign_count
      rescue WebAuthn::SignCountVerificationError => e
        # FIDO-COUNTER: the README leaves this to "your risk tolerance"; here it passes
        refused!(e) unless weak?("FIDO-COUNTER")
      rescue StandardError => e
        refused!(e)
      end
      complete_sign_in(user)
    end
  end
end
