# frozen_string_literal: true

require "ipaddr"
require "set"
require "uri"

# Command line of `run`: --listen, --weak, --sms-api. Usage errors exit 2.
module Options
  # Every check ID this service has a weakness switch for (README lists what each does).
  SWITCHES = %w[
    AUTH-2FA-SKIP AUTH-OTP-EMPTY AUTH-OTP-NOT-BOUND AUTH-TRUSTED-HEADER
    AUTH-DISABLE-NO-REAUTH AUTH-FACTOR-IDOR AUTH-RECOVERY-REUSE AUTH-RECOVERY-WEAK
    AUTH-PHONE-DISCLOSED
    TOTP-REPLAY TOTP-WINDOW TOTP-BRUTEFORCE TOTP-LOCKOUT-BYPASS TOTP-SEED-WEAK
    TOTP-SEED-REDISCLOSED TOTP-ENROLL-UNVERIFIED TOTP-URI-NONSTANDARD
    FIDO-REGISTER-UNAUTH FIDO-ORIGIN FIDO-RPID FIDO-UP FIDO-UV FIDO-CHALLENGE
    FIDO-REPLAY FIDO-COUNTER FIDO-CRED-NOT-BOUND FIDO-CRED-SUBSTITUTION
    FIDO-USER-HANDLE-PII FIDO-ENUMERATION
    SMS-CODE-LEAK SMS-BRUTEFORCE SMS-REPLAY SMS-OTP-WEAK SMS-RATE-NUMBER
    SMS-RATE-CLIENT SMS-GEO SMS-ANON-TRIGGER
  ].freeze

  USAGE = "usage: run --listen 127.0.0.1:PORT [--weak ID[,ID...]] [--sms-api URL]"

  class << self
    attr_reader :host, :port, :sms_api

    def weak?(id)
      @weak.include?(id)
    end

    def parse(argv)
      @weak = Set.new
      args = argv.dup
      until args.empty?
        flag = args.shift
        value = nil
        flag, value = flag.split("=", 2) if flag.start_with?("--") && flag.include?("=")
        value ||= args.shift if %w[--listen --weak --sms-api].include?(flag)
        case flag
        when "--listen" then listen(value)
        when "--weak" then weak(value)
        when "--sms-api" then sms(value)
        when "-h", "--help" then puts(USAGE, "switches: #{SWITCHES.join(' ')}") || exit(0)
        else usage("unknown argument: #{flag}")
        end
      end
      usage("--listen is required") unless @host
      @weak.freeze
    end

    private

    def listen(value)
      usage("--listen needs HOST:PORT") unless value =~ /\A(.+):(\d{1,5})\z/
      host, port = Regexp.last_match(1), Regexp.last_match(2).to_i
      host = "127.0.0.1" if host == "localhost"
      usage("--listen: loopback only (127.0.0.0/8)") unless host.include?(".") && loopback?(host)
      usage("--listen: bad port") if port > 65_535
      @host, @port = host, port
    end

    def weak(value)
      usage("--weak needs IDs") if value.to_s.empty?
      value.split(",").map(&:strip).reject(&:empty?).each do |id|
        unless SWITCHES.include?(id)
          usage("--weak: no switch for #{id}; supported: #{SWITCHES.join(',')}")
        end
        @weak << id
      end
    end

    # Texts only ever go to a provider on this machine.
    def sms(value)
      uri = URI.parse(value.to_s)
      host = uri.host.to_s.delete_prefix("[").delete_suffix("]")
      ok = %w[http https].include?(uri.scheme) && (host == "localhost" || loopback?(host))
      usage("--sms-api: an http URL on loopback") unless ok
      @sms_api = value.chomp("/")
    rescue URI::InvalidURIError
      usage("--sms-api: not a URL")
    end

    def loopback?(host)
      IPAddr.new(host).loopback?
    rescue IPAddr::Error
      false
    end

    def usage(message)
      warn "run: #{message}", USAGE
      exit 2
    end
  end
end
