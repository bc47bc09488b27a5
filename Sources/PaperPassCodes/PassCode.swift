import Crypto
import Foundation

/// What a pass code says: this PDF (by its SHA-256) got this verdict under this profile and rule
/// set, from this version of papercheck, at this time, signed by this key.
public struct PassStatement: Codable, Equatable, Sendable {
    /// Lowercase hex SHA-256 of the PDF's bytes.
    public var sha256: String
    /// The profile id the paper was checked against.
    public var profile: String
    /// The digest of the profile's resolved rules (`Profile.digest`).
    public var rules: String
    /// The papercheck version that checked it.
    public var tool: String
    /// `pass` or `warn`: only those get a code.
    public var verdict: String
    /// When the code was issued, in seconds since 1970 (UTC).
    public var issued: Int64
    /// The signing key's id (`PassCodeSigner.keyID`), so a verifier holding several keys can say
    /// which one it needs.
    public var key: String

    /// A statement with every field given (the signer fills `key` and `issued` itself).
    public init(sha256: String, profile: String, rules: String, tool: String, verdict: String, issued: Int64, key: String) {
        self.sha256 = sha256
        self.profile = profile
        self.rules = rules
        self.tool = tool
        self.verdict = verdict
        self.issued = issued
        self.key = key
    }

    /// The verdicts that earn a code.
    public static let verdicts: Set<String> = ["pass", "warn"]
}

/// The text form of a pass code: `papercheck1.<payload>.<signature>`, both parts base64url
/// without padding; the payload is the statement's JSON with sorted keys, the signature Ed25519
/// over the ASCII bytes of `papercheck1.<payload>`. Compact enough to paste into a form field.
public enum PassCode {
    /// The version prefix; a later format gets a new one rather than a new meaning.
    public static let prefix = "papercheck1"
    /// Longer input is refused before it is decoded: a code is a few hundred characters.
    public static let maxLength = 2048

    static func payload(of statement: PassStatement) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Base64URL.encode(try encoder.encode(statement))
    }

    /// The bytes the signature covers.
    static func signedBytes(payload: String) -> Data { Data("\(prefix).\(payload)".utf8) }

    /// Splits and decodes a code without checking its signature: what it claims, for messages
    /// and tools. Nil when it is not a well-formed papercheck1 code.
    public static func decode(_ code: String) -> (statement: PassStatement, payload: String, signature: Data)? {
        let text = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count <= maxLength else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == prefix,
              let json = Base64URL.decode(String(parts[1])),
              let signature = Base64URL.decode(String(parts[2])), signature.count == 64,
              let statement = try? JSONDecoder().decode(PassStatement.self, from: json),
              PassStatement.verdicts.contains(statement.verdict) else { return nil }
        return (statement, String(parts[1]), signature)
    }
}

/// Why a code is refused; each says what it means for the person holding it.
public enum PassCodeProblem: Error, Equatable, Sendable {
    /// Not a papercheck pass code at all (cut off, mistyped, or too long).
    case malformed
    /// Signed with another key than the one given (its key id is named).
    case otherKey(String)
    /// The signature does not match: the code was altered or forged.
    case badSignature
    /// The code is genuine but for another PDF: the paper changed after it was checked.
    case pdfChanged(issuedFor: String)
    /// The code is genuine but for another profile.
    case otherProfile(String)

    /// A machine-readable name, as the JSON output of `papercheck verify` gives it.
    public var code: String {
        switch self {
        case .malformed: "malformed"
        case .otherKey: "other-key"
        case .badSignature: "bad-signature"
        case .pdfChanged: "pdf-changed"
        case .otherProfile: "other-profile"
        }
    }

    /// One sentence for the person holding the code: what is wrong and what to do.
    public var message: String {
        switch self {
        case .malformed:
            "this is not a papercheck pass code (it should read papercheck1.<letters>.<letters>); paste the whole code"
        case .otherKey(let key):
            "the code was signed with another key (key id \(key)); verify it with that key's public key"
        case .badSignature:
            "the code's signature does not match: it was altered or forged"
        case .pdfChanged(let sha256):
            "the code was issued for another version of the PDF (sha256 \(sha256)); check the final PDF again and use its new code"
        case .otherProfile(let profile):
            "the code was issued for profile '\(profile)'"
        }
    }
}

/// Issues pass codes with an Ed25519 private key.
public struct PassCodeSigner: Sendable {
    // The key's bytes, not Crypto's key values: those are not Sendable on every platform.
    private let seed: Data
    private let publicKey: Data

    /// The key's id: the first 16 hex digits of the SHA-256 of its raw public key.
    public var keyID: String { PassCodeKeys.keyID(ofRawPublicKey: publicKey) }

    /// The public key to hand to verifiers, as SPKI PEM (`BEGIN PUBLIC KEY`, as OpenSSL writes it).
    public var publicKeyPEM: String { PassCodeKeys.publicPEM(rawPublicKey: publicKey) }

    /// The private key as PKCS#8 PEM (`BEGIN PRIVATE KEY`, as `openssl genpkey -algorithm ed25519` writes it).
    public var privateKeyPEM: String { PassCodeKeys.privatePEM(seed: seed) }

    /// Reads a PKCS#8 PEM private key (the text of the file).
    public init(privateKeyPEM: String) throws(PassCodeKeyError) {
        self.init(key: try PassCodeKeys.privateKey(fromPEM: privateKeyPEM))
    }

    /// Reads a PKCS#8 PEM key file.
    public init(contentsOf url: URL) throws(PassCodeKeyError) {
        try self.init(privateKeyPEM: try PassCodeKeys.read(url))
    }

    private init(key: Curve25519.Signing.PrivateKey) {
        seed = key.rawRepresentation
        publicKey = key.publicKey.rawRepresentation
    }

    /// A new random key.
    public static func generate() -> PassCodeSigner { PassCodeSigner(key: Curve25519.Signing.PrivateKey()) }

    /// The code for a checked PDF. Throws only when the signature cannot be made.
    public func code(sha256: String, profile: String, rules: String, tool: String, verdict: String, issued: Date = Date()) throws -> String {
        let statement = PassStatement(sha256: sha256.lowercased(), profile: profile, rules: rules, tool: tool,
                                      verdict: verdict, issued: Int64(issued.timeIntervalSince1970.rounded(.down)), key: keyID)
        let payload = try PassCode.payload(of: statement)
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let signature = try key.signature(for: PassCode.signedBytes(payload: payload))
        return "\(PassCode.prefix).\(payload).\(Base64URL.encode(signature))"
    }
}

/// Checks pass codes with the signer's public key; offline, nothing but the key and the PDF.
public struct PassCodeVerifier: Sendable {
    private let publicKey: Data

    /// The id of the key codes must be signed with (as `PassCodeSigner.keyID`).
    public var keyID: String { PassCodeKeys.keyID(ofRawPublicKey: publicKey) }

    /// Reads an SPKI PEM public key (the text of the file).
    public init(publicKeyPEM: String) throws(PassCodeKeyError) {
        publicKey = try PassCodeKeys.publicKey(fromPEM: publicKeyPEM).rawRepresentation
    }

    /// Reads an SPKI PEM public key file (`FILE.pub` of `papercheck keygen`).
    public init(contentsOf url: URL) throws(PassCodeKeyError) {
        try self.init(publicKeyPEM: try PassCodeKeys.read(url))
    }

    /// The statement when `code` is genuine, made with this key, for the PDF whose SHA-256 is
    /// `pdfSHA256`, and (when given) for `profile`. The signature is checked before what the
    /// statement says, so a forged code is called forged rather than "for another PDF".
    public func verify(_ code: String, pdfSHA256: String, profile: String? = nil) -> Result<PassStatement, PassCodeProblem> {
        guard let (statement, payload, signature) = PassCode.decode(code) else { return .failure(.malformed) }
        guard statement.key == keyID else { return .failure(.otherKey(statement.key)) }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
              key.isValidSignature(signature, for: PassCode.signedBytes(payload: payload)) else {
            return .failure(.badSignature)
        }
        guard statement.sha256 == pdfSHA256.lowercased() else { return .failure(.pdfChanged(issuedFor: statement.sha256)) }
        if let profile, statement.profile != profile { return .failure(.otherProfile(statement.profile)) }
        return .success(statement)
    }
}

/// The SHA-256 of a file, read in blocks (a verifier is handed whole PDFs).
public func sha256Hex(ofFileAt url: URL) throws -> String {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    var hasher = SHA256()
    while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
}

/// base64url without padding (RFC 4648 §5), strict on decoding.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
              text.count % 4 != 1 else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard)
    }
}
