// TLS of the quic-go interop peer: which certificate the server presents and which one the client accepts.
//
//	QUICGO_CERT_PEM, QUICGO_KEY_PEM  server: present this certificate and PKCS#8 key (PEM files; the test hands over
//	                                 the run's certificate, so our client can pin it). Unset: a fresh self-signed one.
//	QUICGO_PIN_SHA256                client: accept only the server certificate whose DER SHA-256 is this (64 hex
//	                                 digits), as the harness's own clients do; required, there is no "accept any".
package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
)

func serverCertificate() tls.Certificate {
	certFile, keyFile := os.Getenv("QUICGO_CERT_PEM"), os.Getenv("QUICGO_KEY_PEM")
	if certFile == "" {
		return selfSigned()
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		fail("certificate %s / key %s: %v", certFile, keyFile, err)
	}
	return cert
}

// clientTLS pins the server certificate: Go's chain and name verification is off (the certificate is self-signed,
// nobody vouches for it) and VerifyPeerCertificate accepts exactly the pinned certificate; TLS 1.3 still checks the
// server's CertificateVerify signature with that certificate's key.
func clientTLS() *tls.Config {
	pin, err := hex.DecodeString(os.Getenv("QUICGO_PIN_SHA256"))
	if err != nil || len(pin) != sha256.Size {
		fail("QUICGO_PIN_SHA256 must be the server certificate's SHA-256 in hex (got %q)", os.Getenv("QUICGO_PIN_SHA256"))
	}
	return &tls.Config{
		NextProtos:         []string{alpn},
		InsecureSkipVerify: true, // replaced by the pin check below, never skipped
		VerifyPeerCertificate: func(rawCerts [][]byte, _ [][]*x509.Certificate) error {
			if len(rawCerts) == 0 {
				return errors.New("server presented no certificate")
			}
			presented := sha256.Sum256(rawCerts[0])
			if !bytes.Equal(presented[:], pin) {
				return fmt.Errorf("server certificate refused: expected sha256 %x, presented sha256 %x", pin[:8], presented[:8])
			}
			return nil
		},
	}
}
