# frozen_string_literal: true

require_relative "options"

# Phone numbers as the service handles them: E.164, a list of served
# countries, and the masked form shown before sign-in completes.
module Phone
  # Calling codes of the countries the service sells in (US/Canada, UK).
  # "+1" is the whole NANP zone, Caribbean territories included.
  SERVED = %w[+1 +44].freeze

  module_function

  # "+1 (555) 555-0101" or "0015555550101" -> "+15555550101"; nil if not E.164.
  def normalize(raw)
    return nil unless raw.is_a?(String)

    digits = raw.strip.gsub(/[\s().-]/, "").sub(/\A00/, "+")
    digits.match?(/\A\+[1-9]\d{7,14}\z/) ? digits : nil
  end

  def served?(e164)
    Options.weak?("SMS-GEO") || SERVED.any? { |prefix| e164.start_with?(prefix) }
  end

  # "+15555550101" -> "+1*******0101"
  def mask(e164)
    return nil unless e164

    e164[0, 2] + ("*" * (e164.length - 6)) + e164[-4..]
  end
end
