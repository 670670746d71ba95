# frozen_string_literal: true

require "uri"
require "webauthn"
require_relative "cose_openssl3"
require_relative "options"

# webauthn-ruby's global configuration, as its README shows, plus the
# per-request overrides that two weakness switches stand for. webauthn-ruby
# 2.5 has no per-call origin or RP ID, so apps serving several hosts
# rewrote the global configuration per request; Sinatra's lock keeps
# requests from overlapping.
module RelyingParty
  NAME = "Acme Staging"

  class << self
    attr_reader :origin

    def configure(origin)
      @origin = origin
      WebAuthn.configure do |config|
        config.origin = origin
        config.rp_name = NAME
        # FIDO-UP: silent authentication skips the user-presence flag check
        config.silent_authentication = true if Options.weak?("FIDO-UP")
      end
    end

    # Runs the block with the origin and RP ID this request is checked against.
    def for_request(request, reported_origin = nil)
      config = WebAuthn.configuration
      saved = [config.origin, config.rp_id]
      config.origin = expected_origin(reported_origin)
      # FIDO-RPID: the RP ID follows the Host header ("multi-tenant" setup)
      config.rp_id = request.host if Options.weak?("FIDO-RPID")
      yield
    ensure
      config.origin, config.rp_id = saved
    end

    private

    # FIDO-ORIGIN: hosts compared instead of origins, so that http/https and
    # other ports "just work": any scheme or port on our host passes.
    def expected_origin(reported)
      return @origin unless Options.weak?("FIDO-ORIGIN") && reported.is_a?(String)

      URI.parse(reported).host == URI.parse(@origin).host ? reported : @origin
    rescue URI::InvalidURIError
      @origin
    end
  end
end
