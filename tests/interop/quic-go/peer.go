// quicgo-peer: an independent QUIC peer (quic-go 0.29, Debian's golang-github-lucas-clemente-quic-go-dev) for the
// interop tests of the Transports quic and quic-dgram transports. ALPN "transports-bench"; every bidirectional
// stream starts with the one-byte preface 'T' (see transports/Quic/StreamPreface.cs). A client proves it belongs to
// the run (transports/Quic/QuicRunHello.cs): the 24-byte run hello ("TRPRUN", version 1, 0, then the 16-byte token
// given as 32 hex digits in TRANSPORTS_RUN_TOKEN) follows the preface on its first stream (client-stream), or is the
// only content of a first stream (client-dgram). The server drops a run hello at the start of a connection's first
// stream without checking its token (it is a test peer of any run) and echoes everything else.
//
//	quicgo-peer server ADDR
//	    Prints "listening HOST:PORT", then echoes: every stream's bytes back on the same stream (then FIN), every
//	    DATAGRAM frame (RFC 9221) back as a datagram. Runs until stdin closes.
//	quicgo-peer client-stream ADDR BYTES
//	    Sends BYTES deterministic bytes on one stream, FIN, reads the echo to the end and verifies it byte for byte.
//	quicgo-peer client-dgram ADDR COUNT SIZE
//	    Sends COUNT datagrams of SIZE bytes (sequence number first), 1 ms apart, and verifies every echo received.
//
// Prints one "ok ..." line and exits 0 on success; prints "FAIL ..." and exits 1 otherwise. Certificates: peer_tls.go.
package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"sync"
	"time"

	quic "github.com/lucas-clemente/quic-go"
)

const alpn = "transports-bench"
const preface = byte('T')
const helloLength = 24

// runHello is the run hello for the token in TRANSPORTS_RUN_TOKEN (32 hex digits).
func runHello() []byte {
	token, err := hex.DecodeString(os.Getenv("TRANSPORTS_RUN_TOKEN"))
	if err != nil || len(token) != 16 {
		fail("TRANSPORTS_RUN_TOKEN must be the run token as 32 hex digits")
	}
	return append([]byte{'T', 'R', 'P', 'R', 'U', 'N', 1, 0}, token...)
}

func fail(format string, args ...interface{}) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

func config() *quic.Config {
	return &quic.Config{EnableDatagrams: true, MaxIdleTimeout: 15 * time.Second,
		MaxStreamReceiveWindow: 16 << 20, MaxConnectionReceiveWindow: 32 << 20}
}

// pattern is the deterministic test payload: byte i of a transfer.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + i>>8 + 7)
	}
	return b
}

func selfSigned() tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		fail("key: %v", err)
	}
	tmpl := x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	if err != nil {
		fail("certificate: %v", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func server(addr string) {
	tlsConf := &tls.Config{Certificates: []tls.Certificate{serverCertificate()}, NextProtos: []string{alpn}}
	ln, err := quic.ListenAddr(addr, tlsConf, config())
	if err != nil {
		fail("listen %s: %v", addr, err)
	}
	fmt.Printf("listening %s\n", ln.Addr())
	go func() { io.Copy(io.Discard, os.Stdin); os.Exit(0) }() // the test owns our lifetime
	for {
		conn, err := ln.Accept(context.Background())
		if err != nil {
			fail("accept: %v", err)
		}
		go echoDatagrams(conn)
		go func() {
			for first := true; ; first = false {
				stream, err := conn.AcceptStream(context.Background())
				if err != nil {
					return
				}
				go echoStream(stream, first)
			}
		}()
	}
}

func echoStream(stream quic.Stream, firstOfConnection bool) {
	first := make([]byte, 1)
	if _, err := io.ReadFull(stream, first); err != nil || first[0] != preface {
		stream.CancelRead(1)
		stream.CancelWrite(1)
		return
	}
	if firstOfConnection {
		hello := make([]byte, helloLength)
		n, _ := io.ReadFull(stream, hello)
		if !bytes.HasPrefix(hello[:n], []byte("TRPRUN")) { // not a run hello: those bytes are data to echo
			if _, err := stream.Write(hello[:n]); err != nil {
				stream.CancelWrite(1)
				return
			}
		}
	}
	if _, err := io.Copy(stream, stream); err != nil {
		stream.CancelWrite(1)
		return
	}
	stream.Close() // FIN after the echo
}

func echoDatagrams(conn quic.Connection) {
	for {
		msg, err := conn.ReceiveMessage()
		if err != nil {
			return
		}
		if err := conn.SendMessage(msg); err != nil {
			return
		}
	}
}

func dial(addr string) quic.Connection {
	conn, err := quic.DialAddr(addr, clientTLS(), config())
	if err != nil {
		fail("dial %s: %v", addr, err)
	}
	return conn
}

func clientStream(addr string, n int) {
	conn := dial(addr)
	stream, err := conn.OpenStreamSync(context.Background())
	if err != nil {
		fail("open stream: %v", err)
	}
	want := pattern(n)
	var got []byte
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); got, readErr = io.ReadAll(stream) }()
	if _, err := stream.Write(append(append([]byte{preface}, runHello()...), want...)); err != nil {
		fail("write: %v", err)
	}
	stream.Close()
	wg.Wait()
	if readErr != nil {
		fail("read echo: %v", readErr)
	}
	if !bytes.Equal(got, want) {
		fail("echo differs: sent %d bytes, got %d", len(want), len(got))
	}
	conn.CloseWithError(0, "")
	fmt.Printf("ok stream %d bytes echoed intact\n", n)
}

func clientDgram(addr string, count, size int) {
	conn := dial(addr)
	if !conn.ConnectionState().SupportsDatagrams {
		fail("peer does not support DATAGRAM frames")
	}
	hello, err := conn.OpenStreamSync(context.Background())
	if err != nil {
		fail("open hello stream: %v", err)
	}
	if _, err := hello.Write(append([]byte{preface}, runHello()...)); err != nil {
		fail("write hello: %v", err)
	}
	hello.Close()
	received := make(map[uint32]bool)
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			msg, err := conn.ReceiveMessage()
			if err != nil {
				return
			}
			seq := binary.BigEndian.Uint32(msg)
			if len(msg) != size || !bytes.Equal(msg, datagram(seq, size)) {
				fail("datagram %d echoed corrupted (%d bytes)", seq, len(msg))
			}
			mu.Lock()
			received[seq] = true
			full := len(received) == count
			mu.Unlock()
			if full {
				return
			}
		}
	}()
	for i := 0; i < count; i++ {
		if err := conn.SendMessage(datagram(uint32(i), size)); err != nil {
			fail("send datagram %d: %v", i, err)
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
	mu.Lock()
	n := len(received)
	mu.Unlock()
	conn.CloseWithError(0, "")
	if n == 0 {
		fail("no datagram echoed (sent %d)", count)
	}
	fmt.Printf("ok datagrams sent %d echoed %d intact\n", count, n)
}

func datagram(seq uint32, size int) []byte {
	b := pattern(size)
	binary.BigEndian.PutUint32(b, seq)
	return b
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fail("not a number: %s", s)
	}
	return n
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: quicgo-peer server ADDR | client-stream ADDR BYTES | client-dgram ADDR COUNT SIZE")
	}
	switch os.Args[1] {
	case "server":
		server(os.Args[2])
	case "client-stream":
		clientStream(os.Args[2], atoi(os.Args[3]))
	case "client-dgram":
		clientDgram(os.Args[2], atoi(os.Args[3]), atoi(os.Args[4]))
	default:
		fail("unknown mode %s", os.Args[1])
	}
}
