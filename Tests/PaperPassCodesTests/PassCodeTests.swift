import Foundation
import Crypto
@testable import PaperPassCodes
import Testing

@Suite("pass codes")
struct PassCodeTests {
    static let sha = String(repeating: "ab", count: 32)
    static let otherSha = String(repeating: "cd", count: 32)

    static func issue(_ signer: PassCodeSigner, verdict: String = "pass", profile: String = "icml2016-camera-ready") throws -> String {
        try signer.code(sha256: sha, profile: profile, rules: "0123456789abcdef", tool: "0.1.0", verdict: verdict,
                        issued: Date(timeIntervalSince1970: 1_780_000_000))
    }

    @Test func anIssuedCodeVerifiesAndSaysWhatWasChecked() throws {
        let signer = PassCodeSigner.generate()
        let code = try Self.issue(signer)
        #expect(code.hasPrefix("papercheck1.") && code.count < 400)
        #expect(code.range(of: #"^papercheck1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"#, options: .regularExpression) != nil)
        let verifier = try PassCodeVerifier(publicKeyPEM: signer.publicKeyPEM)
        let statement = try verifier.verify(code, pdfSHA256: Self.sha, profile: "icml2016-camera-ready").get()
        #expect(statement == PassStatement(sha256: Self.sha, profile: "icml2016-camera-ready", rules: "0123456789abcdef",
                                           tool: "0.1.0", verdict: "pass", issued: 1_780_000_000, key: signer.keyID))
        // Pasted with spaces or a line break around it, and checked without a profile.
        #expect((try? verifier.verify("  \(code)\n", pdfSHA256: Self.sha.uppercased()).get()) != nil)
    }

    @Test func aChangedPDFAnotherProfileAnotherKeyAndAForgeryAreRefused() throws {
        let signer = PassCodeSigner.generate()
        let code = try Self.issue(signer)
        let verifier = try PassCodeVerifier(publicKeyPEM: signer.publicKeyPEM)
        #expect(verifier.verify(code, pdfSHA256: Self.otherSha) == .failure(.pdfChanged(issuedFor: Self.sha)))
        #expect(verifier.verify(code, pdfSHA256: Self.sha, profile: "icml2016") == .failure(.otherProfile("icml2016-camera-ready")))

        let stranger = PassCodeSigner.generate()
        #expect(verifier.verify(try Self.issue(stranger), pdfSHA256: Self.sha) == .failure(.otherKey(stranger.keyID)))

        // A flipped signature bit; a payload rewritten to another PDF with the old signature; a
        // stranger's signature over a statement naming this key.
        var signature = Base64URL.decode(String(code.split(separator: ".")[2]))!
        signature[5] ^= 0x01
        let parts = code.split(separator: ".").map(String.init)
        #expect(verifier.verify("\(parts[0]).\(parts[1]).\(Base64URL.encode(signature))", pdfSHA256: Self.sha) == .failure(.badSignature))
        var statement = try #require(PassCode.decode(code)).statement
        statement.sha256 = Self.otherSha
        let rewritten = "\(parts[0]).\(try PassCode.payload(of: statement)).\(parts[2])"
        #expect(verifier.verify(rewritten, pdfSHA256: Self.otherSha) == .failure(.badSignature))
        let forgedPayload = try PassCode.payload(of: statement)
        let forgedSignature = try Curve25519Forgery.sign(PassCode.signedBytes(payload: forgedPayload), with: stranger)
        #expect(verifier.verify("papercheck1.\(forgedPayload).\(Base64URL.encode(forgedSignature))", pdfSHA256: Self.otherSha) == .failure(.badSignature))
    }

    @Test(arguments: [
        "", "papercheck1", "papercheck1..", "papercheck2.e30.AAAA", "papercheck1.e30.AAAA", "not a code at all",
        "papercheck1.!!!.@@@", String(repeating: "a", count: 5000),
    ])
    func malformedCodesAreSaidToBeMalformed(_ code: String) throws {
        let signer = PassCodeSigner.generate()
        let verifier = try PassCodeVerifier(publicKeyPEM: signer.publicKeyPEM)
        #expect(verifier.verify(code, pdfSHA256: Self.sha) == .failure(.malformed))
    }

    @Test func aFailVerdictNeverMakesAValidCode() throws {
        let signer = PassCodeSigner.generate()
        let verifier = try PassCodeVerifier(publicKeyPEM: signer.publicKeyPEM)
        #expect(verifier.verify(try Self.issue(signer, verdict: "fail"), pdfSHA256: Self.sha) == .failure(.malformed))
        #expect((try? verifier.verify(try Self.issue(signer, verdict: "warn"), pdfSHA256: Self.sha).get())?.verdict == "warn")
    }

    @Test func keysRoundTripThroughPEMAndWrongFilesAreNamed() throws {
        let signer = PassCodeSigner.generate()
        let again = try PassCodeSigner(privateKeyPEM: signer.privateKeyPEM)
        #expect(again.keyID == signer.keyID && again.publicKeyPEM == signer.publicKeyPEM)
        #expect(signer.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(signer.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(throws: PassCodeKeyError.notPEM(expected: "PRIVATE KEY")) { try PassCodeSigner(privateKeyPEM: signer.publicKeyPEM) }
        #expect(throws: PassCodeKeyError.notPEM(expected: "PUBLIC KEY")) { try PassCodeVerifier(publicKeyPEM: "hello") }
        // A P-256 public key: a PEM of the right label, another algorithm.
        let p256 = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9
            q9UU8I5mEovUf86QZ7kOBIjJwqnzD1omageEHWwHdBO6B+dFabmdT9POxg==
            -----END PUBLIC KEY-----
            """
        #expect(throws: PassCodeKeyError.notEd25519(expected: "PUBLIC KEY")) { try PassCodeVerifier(publicKeyPEM: p256) }
        #expect(throws: (any Error).self) { try PassCodeSigner(contentsOf: URL(fileURLWithPath: "/nonexistent/key")) }
    }

    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Keys and signatures agree with OpenSSL's: a verifier in another language reads them.
    @Test(.enabled(if: openssl != nil, "needs openssl"))
    func keysAndSignaturesInteroperateWithOpenSSL() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passcode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key.pem").path
        try Self.run(["genpkey", "-algorithm", "ed25519", "-out", key])
        let signer = try PassCodeSigner(contentsOf: URL(fileURLWithPath: key))
        // OpenSSL derives the same public key.
        let pub = folder.appendingPathComponent("key.pub").path
        try Self.run(["pkey", "-in", key, "-pubout", "-out", pub])
        #expect(try String(contentsOfFile: pub, encoding: .utf8) == signer.publicKeyPEM)
        // OpenSSL accepts the code's signature over its signed part.
        let code = try Self.issue(signer)
        let parts = code.split(separator: ".")
        let message = folder.appendingPathComponent("message").path, sig = folder.appendingPathComponent("sig").path
        try Data("\(parts[0]).\(parts[1])".utf8).write(to: URL(fileURLWithPath: message))
        try Base64URL.decode(String(parts[2]))!.write(to: URL(fileURLWithPath: sig))
        try Self.run(["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", message, "-sigfile", sig])
        // A key papercheck wrote, OpenSSL reads.
        let ours = folder.appendingPathComponent("ours.pem").path
        try PassCodeSigner.generate().privateKeyPEM.write(toFile: ours, atomically: true, encoding: .utf8)
        try Self.run(["pkey", "-in", ours, "-noout"])
    }

    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(openssl))
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " "))")
    }
}

/// A signature by another key over chosen bytes: what a forger can make.
enum Curve25519Forgery {
    static func sign(_ bytes: Data, with signer: PassCodeSigner) throws -> Data {
        let pem = signer.privateKeyPEM
        let key = try PassCodeKeys.privateKey(fromPEM: pem)
        return try key.signature(for: bytes)
    }
}
