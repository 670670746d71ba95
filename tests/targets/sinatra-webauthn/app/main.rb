# frozen_string_literal: true

# Entry point of `run`: parse the command line, bind, configure what needs
# the bound port (the WebAuthn origin), then serve with Puma.
require_relative "options"

Options.parse(ARGV)

require "puma"
require "puma/events"
require "puma/server"
require_relative "kannel"
require_relative "relying_party"
require_relative "service"
require_relative "throttles"

# Puma's own log goes nowhere: no request line (or code) is written anywhere.
server = Puma::Server.new(Service, Puma::Events.null, environment: "production", min_threads: 1, max_threads: 5)
server.add_tcp_listener(Options.host, Options.port) # bound and listening from here on
port = server.connected_ports.first

RelyingParty.configure("http://#{Options.host}:#{port}")
Kannel.base_url = Options.sms_api
Throttles.install

%w[TERM INT].each { |signal| trap(signal) { exit!(0) } }
thread = server.run
$stdout.puts "listening on #{Options.host}:#{port}"
$stdout.flush
thread.join
