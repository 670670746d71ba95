# frozen_string_literal: true

# Recovery codes the app generates: ten at a time, a new batch replaces the
# old one, each code good for one sign-in.
module RecoveryRoutes
  module Helpers
    # The account holding that code: the signing-in one, or
    # (AUTH-OTP-NOT-BOUND) whichever account has it.
    def recovery_owner(user, digest)
      owners = weak?("AUTH-OTP-NOT-BOUND") ? Store.users : [user]
      owners.find { |u| u.recovery && u.recovery[:digests].include?(digest) }
    end
  end

  def self.registered(app)
    app.helpers Helpers

    app.post "/api/recovery_codes" do
      user = require_user!
      codes = RecoveryCodes.generate(weak?("AUTH-RECOVERY-WEAK"))
      user.recovery = { id: user.recovery&.[](:id) || Store.next_factor_id, created_at: Time.now.to_i,
                        digests: codes.map { |c| RecoveryCodes.digest(c) } }
      json({ codes: codes }, 201)
    end

    app.post "/api/session/recovery" do
      user = require_pending!
      refuse_if_locked!(user)

      check_code!(user, counted: true) do |code|
        digest = RecoveryCodes.digest(code)
        owner = recovery_owner(user, digest)
        # AUTH-RECOVERY-REUSE: the used code is not struck off
        owner.recovery[:digests].delete(digest) if owner && !weak?("AUTH-RECOVERY-REUSE")
        !owner.nil?
      end
      complete_sign_in(user)
    end
  end
end
