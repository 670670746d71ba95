# frozen_string_literal: true

require "json"

# The request's JSON object, parsed once per request and shared by the
# throttles (which key on members such as the login) and the routes.
module JsonBody
  INVALID = :invalid

  # A Hash, {} for an empty body, or INVALID.
  def self.read(env)
    env["app.json_body"] ||= begin
      input = env["rack.input"]
      raw = input ? input.read(1 << 20).to_s : ""
      input&.rewind
      if raw.strip.empty? then {}
      else
        parsed = JSON.parse(raw)
        parsed.is_a?(Hash) ? parsed : INVALID
      end
    rescue JSON::ParserError
      INVALID
    end
  end

  def self.member(env, name)
    body = read(env)
    body == INVALID ? nil : body[name]
  end
end
