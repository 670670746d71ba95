# frozen_string_literal: true

require "cose"
require "openssl"

# Debian 12 ships ruby-webauthn 2.5.2 (OpenSSL 3 ready) with ruby-cose
# 1.2.0, whose COSE::Key::EC2#to_pkey and COSE::Key::RSA#to_pkey fill an
# empty key with setters. OpenSSL 3 keys are immutable, so every assertion
# check dies with "pkeys are immutable on OpenSSL 3.0" (cose-ruby fixed it
# in 1.3.0, pull request #61). Until Debian updates the package, stored
# public keys are turned into OpenSSL keys from their DER encoding instead.
# Private keys (never used by a relying party) keep the original path.
module CoseOpenssl3
  module EC2
    def to_pkey
      return super if d || curve.nil?

      algorithm = OpenSSL::ASN1::Sequence([OpenSSL::ASN1::ObjectId("id-ecPublicKey"),
                                           OpenSSL::ASN1::ObjectId(curve.pkey_name)])
      point = OpenSSL::ASN1::BitString("\x04".b + x + y)
      OpenSSL::PKey::EC.new(OpenSSL::ASN1::Sequence([algorithm, point]).to_der)
    end
  end

  module RSA
    def to_pkey
      return super if d

      modulus = OpenSSL::ASN1::Integer(OpenSSL::BN.new(n, 2))
      exponent = OpenSSL::ASN1::Integer(OpenSSL::BN.new(e, 2))
      OpenSSL::PKey::RSA.new(OpenSSL::ASN1::Sequence([modulus, exponent]).to_der)
    end
  end
end

COSE::Key::EC2.prepend(CoseOpenssl3::EC2)
COSE::Key::RSA.prepend(CoseOpenssl3::RSA)
