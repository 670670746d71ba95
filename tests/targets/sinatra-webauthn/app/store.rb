# frozen_string_literal: true

require "bcrypt"
require "digest"
require "securerandom"
require_relative "phone"

# Accounts and their factors, in memory for the life of the process (the
# staging stand-in for the user tables). Sinatra's `lock` setting runs one
# request at a time, so nothing here needs its own mutex.
class User
  attr_reader :id, :login, :email, :password_digest
  attr_accessor :phone, :webauthn_id, :totp, :totp_pending, :sms, :sms_pending,
                :sms_challenge, :credentials, :recovery, :failures

  def initialize(id:, login:, email:, phone:, password:)
    @id, @login, @email, @phone = id, login, email, phone
    @password_digest = BCrypt::Password.create(password)
    @credentials = [] # WebAuthn: {id:, webauthn_id:, public_key:, sign_count:, nickname:, created_at:}
    @failures = 0     # consecutive wrong second-factor codes; 5 locks for good
  end

  def authenticate(password)
    password.is_a?(String) && password_digest == password
  end

  # Recovery codes back up a factor; on their own they do not turn 2FA on.
  def two_factor?
    !totp.nil? || !sms.nil? || credentials.any?
  end

  def sign_in_methods
    list = []
    list << "webauthn" if credentials.any?
    list << "totp" if totp
    list << "sms" if sms
    list << "recovery_code" if two_factor? && recovery && recovery[:digests].any?
    list
  end

  def factors
    list = []
    list << { id: totp[:id], type: "totp", created_at: totp[:created_at] } if totp
    list << { id: sms[:id], type: "sms", phone: Phone.mask(sms[:phone]), created_at: sms[:created_at] } if sms
    credentials.each do |c|
      list << { id: c[:id], type: "webauthn", nickname: c[:nickname], credential_id: c[:webauthn_id],
                created_at: c[:created_at] }
    end
    if recovery
      list << { id: recovery[:id], type: "recovery_codes", remaining: recovery[:digests].size,
                created_at: recovery[:created_at] }
    end
    list
  end

  # Removes the factor with that id; false when the account has none such.
  def remove_factor(factor_id)
    if totp && totp[:id] == factor_id then self.totp = nil
    elsif sms && sms[:id] == factor_id then self.sms = nil
    elsif recovery && recovery[:id] == factor_id then self.recovery = nil
    elsif credentials.any? { |c| c[:id] == factor_id } then credentials.reject! { |c| c[:id] == factor_id }
    else return false
    end
    true
  end

  def profile
    { id: id, login: login, email: email, phone: phone, two_factor: two_factor? }
  end
end

module Store
  @users = [
    User.new(id: 1, login: "audit-a", email: "audit-a@example.test", phone: "+15555550101", password: "staging-pass-a"),
    User.new(id: 2, login: "audit-b", email: "audit-b@example.test", phone: "+15555550102", password: "staging-pass-b"),
    User.new(id: 3, login: "audit-c", email: "audit-c@example.test", phone: "+15555550103", password: "staging-pass-c")
  ].to_h { |u| [u.id, u] }
  @next_factor_id = 100

  class << self
    def user(id)
      @users[id] if id.is_a?(Integer)
    end

    def by_login(login)
      return nil unless login.is_a?(String)

      name = login.strip.downcase
      @users.values.find { |u| u.login == name }
    end

    def users
      @users.values
    end

    def next_factor_id
      @next_factor_id += 1
    end

    # A WebAuthn credential by its id, whoever registered it.
    def credential_anywhere(webauthn_id)
      users.each do |u|
        found = u.credentials.find { |c| c[:webauthn_id] == webauthn_id }
        return [u, found] if found
      end
      nil
    end
  end
end

# Recovery codes: random, shown once, kept as SHA-256 digests (80 bits of
# entropy do not need a slow hash), each good for one sign-in.
module RecoveryCodes
  COUNT = 10

  module_function

  def generate(weak_format)
    Array.new(COUNT) do
      # the weak format is the familiar "xxxxx-xxxxx" (10 hex digits, 40 bits)
      hex = SecureRandom.hex(weak_format ? 5 : 10)
      hex.scan(/.{5}/).join("-")
    end
  end

  def digest(code)
    Digest::SHA256.hexdigest(code.downcase.gsub(/[\s-]/, ""))
  end
end
